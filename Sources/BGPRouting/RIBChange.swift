import BGPWire

/// The best path of a destination, as reported in changes and queries.
public struct BestPath: Sendable, Hashable {
    public var peer: PeerID
    public var attributes: PathAttributes

    public init(peer: PeerID, attributes: PathAttributes) {
        self.peer = peer
        self.attributes = attributes
    }
}

/// A change of a destination's Loc-RIB entry: its best path or its multipath set changed.
public struct RIBChange<Prefix: RIBPrefix>: Sendable, Hashable {
    public var prefix: Prefix
    /// The best path before, or `nil` when the prefix was not in the Loc-RIB.
    public var previous: BestPath?
    /// The best path now, or `nil` when the prefix left the Loc-RIB.
    public var current: BestPath?
    /// Whether the multipath set changed (ask ``RIB/multipath(for:)`` for it).
    public var multipathChanged: Bool
}

/// One path as shown to users: the Adj-RIB-In entry with its status and the decision outcome.
public struct PathView: Sendable, Hashable {
    public var peer: PeerID
    public var peerName: String
    /// `nil` when eligible.
    public var rejection: RejectReason?
    public var isBest: Bool
    public var isMultipath: Bool
    /// The step at which it lost to the best path.
    public var lostAt: TieBreaker?
    /// After import policy.
    public var attributes: PathAttributes
    /// As received (before import policy).
    public var receivedAttributes: PathAttributes
}

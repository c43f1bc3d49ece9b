import BGPWire

/// One path to a prefix as the RIB keeps it: 16 octets (peer, status, the step it lost at, flags,
/// and a reference to interned attributes).
public struct StoredPath: Sendable {
    /// Where the path came from.
    public var peer: PeerID
    /// Why the path is not eligible, or `nil` when it is (Adj-RIB-In after import policy).
    public var rejection: RejectReason?
    /// The decision step at which the path lost, or `nil` (best, ineligible, or alone).
    public var lostAt: TieBreaker?
    @usableFromInline var flags: UInt8
    /// The attributes after import policy; for a path rejected before or by policy, as received.
    public var attributes: PathAttributes

    @usableFromInline static let bestFlag: UInt8 = 1
    @usableFromInline static let multipathFlag: UInt8 = 2
    @usableFromInline static let moreFlag: UInt8 = 4

    /// Storage detail of the RIB: the destination has further paths in its side table.
    var hasMore: Bool {
        get { flags & StoredPath.moreFlag != 0 }
        set { flags = newValue ? flags | StoredPath.moreFlag : flags & ~StoredPath.moreFlag }
    }

    public init(peer: PeerID, rejection: RejectReason?, attributes: PathAttributes) {
        self.peer = peer
        self.rejection = rejection
        self.lostAt = nil
        self.flags = 0
        self.attributes = attributes
    }

    /// Whether the path is eligible for the decision process.
    @inlinable public var isEligible: Bool { rejection == nil }
    /// Whether the path is the Loc-RIB best path.
    @inlinable public var isBest: Bool { flags & StoredPath.bestFlag != 0 }
    /// Whether the path is in the multipath (ECMP) set (the best path always is).
    @inlinable public var isMultipath: Bool { flags & StoredPath.multipathFlag != 0 }
}

/// The paths to one prefix: stored inline when there is one (the common case in a full table).
@usableFromInline
enum PathList: Sendable {
    case one(StoredPath)
    case many([StoredPath])

    @usableFromInline var paths: [StoredPath] {
        switch self {
        case .one(let path): [path]
        case .many(let paths): paths
        }
    }

    /// Rebuilds from a list: `nil` when empty, inline when one.
    static func from(_ paths: [StoredPath]) -> PathList? {
        switch paths.count {
        case 0: nil
        case 1: .one(paths[0])
        default: .many(paths)
        }
    }

    func path(from peer: PeerID) -> StoredPath? {
        switch self {
        case .one(let path): path.peer == peer ? path : nil
        case .many(let paths): paths.first { $0.peer == peer }
        }
    }

    var best: StoredPath? {
        switch self {
        case .one(let path): path.isBest ? path : nil
        case .many(let paths): paths.first { $0.isBest }
        }
    }
}

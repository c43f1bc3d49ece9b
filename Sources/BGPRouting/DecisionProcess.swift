import BGPWire
import NetworkPrimitives

/// Settings of the decision process.
public struct DecisionConfig: Sendable, Hashable {
    /// LOCAL_PREF assumed when a path has none (eBGP paths never carry one on receipt).
    public var defaultLocalPreference: UInt32
    /// Compare MED between paths from different neighbouring ASes too (RFC 4271 §9.1.2.2 c allows it).
    public var alwaysCompareMED: Bool
    /// Treat a missing MED as the worst value instead of 0 (RFC 4271 §9.1.2.2 c says 0).
    public var missingMEDAsWorst: Bool
    /// Paths still tied after this step form the multipath (ECMP) set; `nil` disables multipath.
    public var multipathThrough: TieBreaker?
    /// The most paths in the multipath set.
    public var maximumPaths: Int

    public init(
        defaultLocalPreference: UInt32 = 100, alwaysCompareMED: Bool = false, missingMEDAsWorst: Bool = false,
        multipathThrough: TieBreaker? = nil, maximumPaths: Int = 16
    ) {
        self.defaultLocalPreference = defaultLocalPreference
        self.alwaysCompareMED = alwaysCompareMED
        self.missingMEDAsWorst = missingMEDAsWorst
        self.multipathThrough = multipathThrough
        self.maximumPaths = maximumPaths
    }
}

/// The values of one path that the decision process compares, taken from its attributes and its peer.
public struct PathRank: Sendable, Hashable {
    public var localPreference: UInt32
    public var asPathLength: Int
    public var origin: Origin
    public var med: UInt32
    /// The neighbouring AS (first AS of the path); `nil` for a locally originated path.
    public var neighborAS: ASNumber?
    public var isExternal: Bool
    public var interiorCost: UInt32
    /// ORIGINATOR_ID when present (RFC 4456 §9), else the peer's BGP Identifier.
    public var routerID: IPv4Address
    public var clusterListLength: Int
    public var peerAddress: IPAddress

    /// The rank of a path with `attributes` received from `peer`.
    public init(attributes: PathAttributes, peer: PeerInfo, config: DecisionConfig = DecisionConfig()) {
        self.localPreference = attributes.localPreference ?? config.defaultLocalPreference
        let path = attributes.asPath ?? .empty
        self.asPathLength = path.length
        self.origin = attributes.origin ?? .incomplete
        self.med = attributes.multiExitDiscriminator ?? (config.missingMEDAsWorst ? UInt32.max : 0)
        self.neighborAS = path.neighborAS
        self.isExternal = peer.isExternal
        self.interiorCost = peer.interiorCost
        self.routerID = attributes.originatorID ?? peer.routerID
        self.clusterListLength = attributes.clusterList.count
        self.peerAddress = peer.address
    }
}

/// The outcome of the decision process for one destination.
public struct Decision: Sendable, Hashable {
    /// The index of the best path, or `nil` when there was no candidate.
    public var best: Int?
    /// The multipath (ECMP) set, best first; just the best path when multipath is off.
    public var multipath: [Int]
    /// For every candidate, the step at which it lost (`nil` for the best path).
    public var eliminatedBy: [TieBreaker?]
}

/// The BGP decision process (RFC 4271 §9.1.2.2 with RFC 4456 §9), as one function.
public enum DecisionProcess {
    /// Selects the best path among `candidates` by eliminating, step by step in RFC order, every
    /// path that is not best at that step, and records for each loser the step that removed it.
    ///
    /// Working on the whole set at once (not by pairwise comparison) keeps the MED rule exact: MED
    /// only removes a path when a path from the same neighbouring AS has a lower one, which is not a
    /// transitive relation (RFC 4271 §9.1.2.2 c).
    /// - Complexity: O(n) per step, O(n) steps overall for n candidates.
    public static func select(_ candidates: [PathRank], config: DecisionConfig = DecisionConfig()) -> Decision {
        var eliminated = [TieBreaker?](repeating: nil, count: candidates.count)
        guard !candidates.isEmpty else { return Decision(best: nil, multipath: [], eliminatedBy: []) }
        var alive = Array(candidates.indices)
        var multipath: [Int]?

        /// Keeps the candidates whose key equals the best key (by `better`), eliminating the others at `step`.
        func keep<Key: Comparable>(_ step: TieBreaker, preferLower: Bool, _ key: (PathRank) -> Key) {
            guard alive.count > 1 else { return }
            var bestKey = key(candidates[alive[0]])
            for i in alive.dropFirst() {
                let k = key(candidates[i])
                if preferLower ? k < bestKey : k > bestKey { bestKey = k }
            }
            alive.removeAll { index in
                guard key(candidates[index]) != bestKey else { return false }
                eliminated[index] = step
                return true
            }
        }

        for step in TieBreaker.allCases {
            switch step {
            case .localPreference:
                // §9.1.1 / §9.1.2: highest degree of preference.
                keep(step, preferLower: false) { $0.localPreference }
            case .asPathLength:
                // §9.1.2.2 a: fewest ASes.
                keep(step, preferLower: true) { $0.asPathLength }
            case .origin:
                // §9.1.2.2 b: lowest ORIGIN.
                keep(step, preferLower: true) { $0.origin }
            case .multiExitDiscriminator:
                // §9.1.2.2 c: within each neighbouring AS, drop paths whose MED is above that AS's lowest.
                if config.alwaysCompareMED {
                    keep(step, preferLower: true) { $0.med }
                } else if alive.count > 1 {
                    var lowest: [ASNumber?: UInt32] = [:]
                    for i in alive {
                        let rank = candidates[i]
                        lowest[rank.neighborAS] = min(lowest[rank.neighborAS] ?? UInt32.max, rank.med)
                    }
                    alive.removeAll { index in
                        let rank = candidates[index]
                        guard rank.med > lowest[rank.neighborAS] ?? 0 else { return false }
                        eliminated[index] = step
                        return true
                    }
                }
            case .externalOverInternal:
                // §9.1.2.2 d: eBGP over iBGP.
                keep(step, preferLower: false) { $0.isExternal ? 1 : 0 }
            case .interiorCost:
                // §9.1.2.2 e: lowest interior cost to the next hop.
                keep(step, preferLower: true) { $0.interiorCost }
            case .routerID:
                // §9.1.2.2 f, RFC 4456 §9: lowest BGP Identifier (ORIGINATOR_ID when present).
                keep(step, preferLower: true) { $0.routerID }
            case .clusterListLength:
                // RFC 4456 §9: shortest CLUSTER_LIST.
                keep(step, preferLower: true) { $0.clusterListLength }
            case .peerAddress:
                // §9.1.2.2 g: lowest peer address.
                keep(step, preferLower: true) { $0.peerAddress }
            }
            if step == config.multipathThrough { multipath = alive }
        }
        // Paths from one address (two local routes) tie on every step: the first one wins, stably.
        for extra in alive.dropFirst() { eliminated[extra] = .peerAddress }
        let best = alive[0]
        var set = [best]
        for i in multipath ?? [] where i != best && set.count < max(config.maximumPaths, 1) { set.append(i) }
        return Decision(best: best, multipath: set, eliminatedBy: eliminated)
    }
}

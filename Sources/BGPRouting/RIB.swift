import BGPWire
import NetworkPrimitives

/// The routes of one address family: every peer's Adj-RIB-In (before and after import policy) and
/// the Loc-RIB, kept together per destination (as BIRD's `net` and GoBGP's `Destination`).
///
/// Each operation updates one destination, re-runs the decision process on it, and returns the
/// change of its Loc-RIB entry, so owners (the cloud model, Adj-RIB-Out) update incrementally.
/// Rejected paths stay, with their ``RejectReason``.
public struct RIB<Prefix: RIBPrefix>: Sendable {
    /// How a peer's routes are admitted.
    public struct PeerSettings: Sendable {
        public var info: PeerInfo
        public var checks: ImportChecks
        public var importPolicy: RoutePolicy
        /// Peers sharing a quota group share one learned-route quota (the two tunnels of a connection).
        public var quotaGroup: String?

        public init(info: PeerInfo, checks: ImportChecks = .none, importPolicy: RoutePolicy = .permitAll, quotaGroup: String? = nil) {
            self.info = info
            self.checks = checks
            self.importPolicy = importPolicy
            self.quotaGroup = quotaGroup
        }
    }

    struct PrePolicyKey: Hashable, Sendable {
        var prefix: Prefix
        var peer: PeerID
    }

    /// The decision process settings.
    public var config: DecisionConfig
    private var peers: [PeerID: PeerSettings] = [:]
    private var quotaLimits: [String: Int] = [:]
    private var quotaCounts: [String: Int] = [:]
    /// The first path of every destination, inline (16 octets a prefix: the memory of a full table).
    private var primary: [Prefix: StoredPath] = [:]
    /// The other paths of destinations that have more than one (flagged on the primary path).
    private var secondary: [Prefix: [StoredPath]] = [:]
    /// Received attributes of paths whose import policy changed them (Adj-RIB-In before policy).
    private var prePolicy: [PrePolicyKey: PathAttributes] = [:]
    private var interner = AttributeInterner()
    /// Peers whose End-of-RIB has been received (RFC 4724 §2).
    public private(set) var endOfRIBReceived: Set<PeerID> = []

    public init(config: DecisionConfig = DecisionConfig()) {
        self.config = config
        peers[.local] = PeerSettings(info: .local)
    }

    // MARK: Storage

    /// The paths of a destination.
    private func list(at prefix: Prefix) -> PathList? {
        guard let first = primary[prefix] else { return nil }
        guard first.hasMore, let rest = secondary[prefix] else { return .one(first) }
        return .many([first] + rest)
    }

    /// Replaces the paths of a destination.
    private mutating func setList(_ list: PathList?, at prefix: Prefix, hadMore: Bool) {
        switch list {
        case nil:
            primary[prefix] = nil
            if hadMore { secondary[prefix] = nil }
        case .one(var path)?:
            path.hasMore = false
            primary[prefix] = path
            if hadMore { secondary[prefix] = nil }
        case .many(let paths)?:
            var first = paths[0]
            first.hasMore = true
            primary[prefix] = first
            secondary[prefix] = Array(paths.dropFirst())
        }
    }

    /// Every destination with its paths, in no particular order.
    private var allLists: [(prefix: Prefix, list: PathList)] {
        primary.map { prefix, first in
            (prefix, first.hasMore ? .many([first] + (secondary[prefix] ?? [])) : .one(first))
        }
    }

    // MARK: Peers

    /// Adds or replaces a peer's settings. Existing paths are not re-evaluated (see ``reimport(peer:)``).
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func setPeer(_ peer: PeerID, _ settings: PeerSettings) {
        peers[peer] = settings
    }

    /// The settings of a peer.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func settings(of peer: PeerID) -> PeerSettings? { peers[peer] }

    /// Sets the learned-route quota of a group (`nil`: unlimited). Routes already accepted stay.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func setQuota(_ limit: Int?, group: String) {
        quotaLimits[group] = limit
    }

    /// Distinct prefixes accepted from a quota group.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func quotaUsage(group: String) -> Int { quotaCounts[group] ?? 0 }

    // MARK: Updates

    /// Installs a path (RFC 4271 §9: an announcement from the same peer replaces its previous path,
    /// the implicit withdraw). `treatAsWithdraw` stores it as rejected (RFC 7606).
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    @discardableResult
    public mutating func announce(
        _ prefix: Prefix, attributes: PathAttributes, from peer: PeerID, treatAsWithdraw: Bool = false
    ) -> RIBChange<Prefix>? {
        let received = interner.intern(attributes)
        let settings = peers[peer] ?? PeerSettings(info: .local)
        let verdict = treatAsWithdraw ? .treatAsWithdraw : settings.checks.attributeRejection(received)
        return install(prefix, received: received, from: peer, settings: settings, attributeVerdict: verdict)
    }

    /// Installs many prefixes with the same attributes (one UPDATE): the attributes are interned once.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func announce(
        _ prefixes: [Prefix], attributes: PathAttributes, from peer: PeerID, treatAsWithdraw: Bool = false
    ) -> [RIBChange<Prefix>] {
        let received = interner.intern(attributes)
        let settings = peers[peer] ?? PeerSettings(info: .local)
        let verdict = treatAsWithdraw ? .treatAsWithdraw : settings.checks.attributeRejection(received)
        var changes: [RIBChange<Prefix>] = []
        for prefix in prefixes {
            if let change = install(prefix, received: received, from: peer, settings: settings, attributeVerdict: verdict) {
                changes.append(change)
            }
        }
        return changes
    }

    /// Removes a peer's path to `prefix`.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    @discardableResult
    public mutating func withdraw(_ prefix: Prefix, from peer: PeerID) -> RIBChange<Prefix>? {
        guard let list = list(at: prefix), let old = list.path(from: peer) else { return nil }
        let previous = list.best.map { BestPath(peer: $0.peer, attributes: $0.attributes) }
        let wasMultipath = MultipathSet(list)
        var paths = list.paths
        paths.removeAll { $0.peer == peer }
        prePolicy[PrePolicyKey(prefix: prefix, peer: peer)] = nil
        if old.isEligible { releaseQuota(prefix: prefix, peer: peer, remaining: paths) }
        let hadMore = if case .many = list { true } else { false }
        return store(prefix, PathList.from(paths), previous: previous, wasMultipath: wasMultipath, hadMore: hadMore)
    }

    /// Records End-of-RIB from a peer (RFC 4724 §2).
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func endOfRIB(from peer: PeerID) {
        endOfRIBReceived.insert(peer)
    }

    /// Removes every path of a peer whose session ended (RFC 4271 §9: its routes are withdrawn).
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func removePaths(of peer: PeerID) -> [RIBChange<Prefix>] {
        endOfRIBReceived.remove(peer)
        let affected = allLists.compactMap { $0.list.path(from: peer) != nil ? $0.prefix : nil }.sorted()
        return affected.compactMap { withdraw($0, from: peer) }
    }

    /// Runs a peer's received routes through its (changed) checks and import policy again.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func reimport(peer: PeerID) -> [RIBChange<Prefix>] {
        let received: [(Prefix, PathAttributes)] = allLists.compactMap { prefix, list in
            guard let path = list.path(from: peer) else { return nil }
            let original = prePolicy[PrePolicyKey(prefix: prefix, peer: peer)] ?? path.attributes
            return (prefix, original)
        }.sorted { $0.0 < $1.0 }
        var changes: [RIBChange<Prefix>] = []
        let settings = peers[peer] ?? PeerSettings(info: .local)
        for (prefix, attributes) in received {
            let wasTreatAsWithdraw = list(at: prefix)?.path(from: peer)?.rejection == .treatAsWithdraw
            let verdict = wasTreatAsWithdraw ? .treatAsWithdraw : settings.checks.attributeRejection(attributes)
            if let change = install(prefix, received: attributes, from: peer, settings: settings, attributeVerdict: verdict) {
                changes.append(change)
            }
        }
        return changes
    }

    /// Admits one path: checks (the attribute-only verdict is computed once per UPDATE by the caller),
    /// import policy, quota; replaces the peer's previous path; re-runs the decision.
    private mutating func install(
        _ prefix: Prefix, received: PathAttributes, from peer: PeerID, settings: PeerSettings,
        attributeVerdict: RejectReason?
    ) -> RIBChange<Prefix>? {
        var rejection = attributeVerdict ?? settings.checks.prefixRejection(prefix)
        var accepted = received
        let key = PrePolicyKey(prefix: prefix, peer: peer)
        if rejection == nil && !settings.importPolicy.isPermitAll {
            let result = settings.importPolicy.evaluate(prefix: prefix.ipPrefix, attributes: received, source: peer)
            if !result.permitted {
                rejection = .policyReject
            } else if result.attributes != received {
                accepted = interner.intern(result.attributes)
            }
        }
        let list = list(at: prefix)

        // Fast path: a new destination with no quota or policy bookkeeping beyond the count.
        if list == nil {
            if rejection == nil, let group = settings.quotaGroup {
                if let limit = quotaLimits[group], (quotaCounts[group] ?? 0) >= limit {
                    rejection = .quotaExceeded
                } else {
                    quotaCounts[group, default: 0] += 1
                }
            }
            if rejection == nil && accepted != received { prePolicy[key] = received }
            let path = StoredPath(peer: peer, rejection: rejection, attributes: rejection == nil ? accepted : received)
            return store(prefix, .one(path), previous: nil, wasMultipath: .none, hadMore: false)
        }

        let old = list?.path(from: peer)
        var others: [StoredPath] = []
        if case .many(let paths)? = list { others = paths.filter { $0.peer != peer } }
        else if case .one(let path)? = list, path.peer != peer { others = [path] }

        if rejection == nil, let group = settings.quotaGroup, let limit = quotaLimits[group] {
            let alreadyCounted = old?.isEligible == true || others.contains { $0.isEligible && peers[$0.peer]?.quotaGroup == group }
            if !alreadyCounted && (quotaCounts[group] ?? 0) >= limit { rejection = .quotaExceeded }
        }
        let path = StoredPath(peer: peer, rejection: rejection, attributes: rejection == nil ? accepted : received)
        if rejection == nil && accepted != received { prePolicy[key] = received } else if old != nil { prePolicy[key] = nil }

        // Quota accounting: count the prefix once per group while any path of the group is eligible.
        if let group = settings.quotaGroup {
            let groupHadOther = others.contains { $0.isEligible && peers[$0.peer]?.quotaGroup == group }
            let before = (old?.isEligible == true) || groupHadOther
            let after = path.isEligible || groupHadOther
            if before != after { quotaCounts[group, default: 0] += after ? 1 : -1 }
        }

        let previous = list?.best.map { BestPath(peer: $0.peer, attributes: $0.attributes) }
        let wasMultipath = list.map(MultipathSet.init) ?? .none
        let hadMore = list.map { if case .many = $0 { true } else { false } } ?? false
        if others.isEmpty {
            return store(prefix, .one(path), previous: previous, wasMultipath: wasMultipath, hadMore: hadMore)
        }
        return store(prefix, .many(others + [path]), previous: previous, wasMultipath: wasMultipath, hadMore: hadMore)
    }

    private mutating func releaseQuota(prefix: Prefix, peer: PeerID, remaining: [StoredPath]) {
        guard let group = peers[peer]?.quotaGroup else { return }
        let stillCounted = remaining.contains { $0.isEligible && peers[$0.peer]?.quotaGroup == group }
        if !stillCounted { quotaCounts[group, default: 0] -= 1 }
    }

    /// Runs the decision process on a destination, stores it, and reports the change.
    private mutating func store(
        _ prefix: Prefix, _ list: PathList?, previous: BestPath?, wasMultipath: MultipathSet, hadMore: Bool
    ) -> RIBChange<Prefix>? {
        guard var list else {
            setList(nil, at: prefix, hadMore: hadMore)
            return previous.map { RIBChange(prefix: prefix, previous: $0, current: nil, multipathChanged: wasMultipath != .none) }
        }
        select(&list)
        setList(list, at: prefix, hadMore: hadMore)
        let current = list.best.map { BestPath(peer: $0.peer, attributes: $0.attributes) }
        let multipathChanged = MultipathSet(list) != wasMultipath
        guard current != previous || multipathChanged else { return nil }
        return RIBChange(prefix: prefix, previous: previous, current: current, multipathChanged: multipathChanged)
    }

    /// Sets best, multipath and lost-at flags on a destination's paths.
    private func select(_ list: inout PathList) {
        switch list {
        case .one(var path):
            path.flags = path.isEligible ? StoredPath.bestFlag | StoredPath.multipathFlag : 0
            path.lostAt = nil
            list = .one(path)
        case .many(var paths):
            var eligible: [Int] = []
            var ranks: [PathRank] = []
            for (i, path) in paths.enumerated() {
                paths[i].flags = 0
                paths[i].lostAt = nil
                guard path.isEligible else { continue }
                eligible.append(i)
                ranks.append(PathRank(attributes: path.attributes, peer: peers[path.peer]?.info ?? .local, config: config))
            }
            let decision = DecisionProcess.select(ranks, config: config)
            for (rankIndex, pathIndex) in eligible.enumerated() {
                paths[pathIndex].lostAt = decision.eliminatedBy[rankIndex]
                if decision.best == rankIndex { paths[pathIndex].flags |= StoredPath.bestFlag }
                if decision.multipath.contains(rankIndex) { paths[pathIndex].flags |= StoredPath.multipathFlag }
            }
            list = .many(paths)
        }
    }

    // MARK: Queries

    /// Every prefix with at least one path (eligible or not), in prefix order.
    public var allPrefixes: [Prefix] { primary.keys.sorted() }

    /// The number of destinations with at least one path (eligible or not).
    public var destinationCount: Int { primary.count }

    /// The number of prefixes in the Loc-RIB.
    public var locRIBCount: Int {
        primary.reduce(0) { count, entry in
            count + (entry.value.isBest || (entry.value.hasMore && secondary[entry.key]?.contains(where: \.isBest) == true) ? 1 : 0)
        }
    }

    /// The number of distinct attribute sets held.
    public var attributeSetCount: Int { interner.count }

    /// The Loc-RIB best path to `prefix`.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func best(for prefix: Prefix) -> BestPath? {
        list(at: prefix)?.best.map { BestPath(peer: $0.peer, attributes: $0.attributes) }
    }

    /// The multipath (ECMP) set for `prefix`, best first.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func multipath(for prefix: Prefix) -> [BestPath] {
        guard let paths = list(at: prefix)?.paths else { return [] }
        let set = paths.filter(\.isMultipath).sorted { $0.isBest && !$1.isBest }
        return set.map { BestPath(peer: $0.peer, attributes: $0.attributes) }
    }

    /// Every path to `prefix` with its status, best first, then eligible ones, then rejected ones.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func paths(for prefix: Prefix) -> [PathView] {
        guard let paths = list(at: prefix)?.paths else { return [] }
        let views = paths.map { path in
            PathView(
                peer: path.peer, peerName: peers[path.peer]?.info.name ?? "peer \(path.peer.rawValue)",
                rejection: path.rejection, isBest: path.isBest, isMultipath: path.isMultipath, lostAt: path.lostAt,
                attributes: path.attributes,
                receivedAttributes: prePolicy[PrePolicyKey(prefix: prefix, peer: path.peer)] ?? path.attributes)
        }
        return views.sorted { a, b in
            if a.isBest != b.isBest { return a.isBest }
            if (a.rejection == nil) != (b.rejection == nil) { return a.rejection == nil }
            return (a.lostAt ?? .peerAddress) > (b.lostAt ?? .peerAddress) || a.peer < b.peer && a.lostAt == b.lostAt
        }
    }

    /// The Loc-RIB: every prefix with its best path, in prefix order.
    public var locRIB: [(prefix: Prefix, best: BestPath)] {
        allLists.compactMap { prefix, list in
            list.best.map { (prefix, BestPath(peer: $0.peer, attributes: $0.attributes)) }
        }.sorted { $0.prefix < $1.prefix }
    }

    /// A peer's Adj-RIB-In: after import policy (eligible paths only), or before (every path as received).
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func adjRIBIn(peer: PeerID, prePolicy before: Bool) -> [(prefix: Prefix, attributes: PathAttributes)] {
        allLists.compactMap { prefix, list -> (Prefix, PathAttributes)? in
            guard let path = list.path(from: peer) else { return nil }
            if before { return (prefix, prePolicy[PrePolicyKey(prefix: prefix, peer: peer)] ?? path.attributes) }
            return path.isEligible ? (prefix, path.attributes) : nil
        }.sorted { $0.0 < $1.0 }
    }

    /// The number of eligible paths from a peer.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public func acceptedCount(from peer: PeerID) -> Int {
        allLists.reduce(0) { $0 + ($1.list.path(from: peer)?.isEligible == true ? 1 : 0) }
    }

    /// Forgets attribute sets no path uses any more.
    @_specialize(exported: true, kind: full, where Prefix == IPv4Prefix)
    @_specialize(exported: true, kind: full, where Prefix == IPv6Prefix)
    public mutating func compactAttributes() {
        var live: [PathAttributes] = []
        for path in primary.values { live.append(path.attributes) }
        for paths in secondary.values { for path in paths { live.append(path.attributes) } }
        live += prePolicy.values
        interner.retainOnly(live)
    }
}

/// The peers of a destination's multipath set, without allocating in the one-path case.
/// With several members their attributes count too: a member that stays in the set with a new
/// NEXT_HOP changes what ``RIB/multipath(for:)`` returns. (A single member is the best path,
/// whose attributes ``RIBChange/current`` already compares.)
enum MultipathSet: Equatable {
    case none
    case one(PeerID)
    case many([PeerID], [PathAttributes])

    init(_ list: PathList) {
        switch list {
        case .one(let path): self = path.isMultipath ? .one(path.peer) : .none
        case .many(let paths):
            let members = paths.filter(\.isMultipath).sorted { $0.peer < $1.peer }
            self = members.isEmpty ? .none
                : members.count == 1 ? .one(members[0].peer) : .many(members.map(\.peer), members.map(\.attributes))
        }
    }
}

import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// One prefix of a connection's BGP table: both tunnels' paths inline, and the decision between them
/// (≈ BIRD's `net` with its route chain, FRR's `bgp_dest` with its path list, for exactly two peers).
struct ConnectionDestination: Sendable {
    static let noPath = UInt32.max

    var prefix: IPv4Prefix
    /// ``DecisionFlags``.
    var flags: UInt8 = 0
    /// The import check tunnel 1's path failed, if any (its reason when Rejected).
    var check1: RejectReason?
    var check2: RejectReason?
    /// Tunnel 1's path: its interned attributes (NEXT_HOP cleared: the tunnel is the next hop), or ``noPath``.
    var path1: UInt32 = ConnectionDestination.noPath
    var path2: UInt32 = ConnectionDestination.noPath
    /// The step at which the eligible path that is not best lost, when it is not in the multipath set.
    var lostAt: TieBreaker?
    var quota: QuotaStanding = .none
    /// Whether the record is filed in the quota ledger with tunnel 1's priority (its key's class).
    var filedFirst = false
    /// Set by the quota ledger on each insertion: its heap entries are valid only with this value.
    var generation: UInt32 = 0
    /// The operation that last touched the record (``ConnectionTable/beginOperation()``).
    var stamp: UInt32 = 0

    init(prefix: IPv4Prefix) {
        self.prefix = prefix
    }

    func path(_ tunnel: Int) -> UInt32 { tunnel == 1 ? path1 : path2 }
    func check(_ tunnel: Int) -> RejectReason? { tunnel == 1 ? check1 : check2 }
    var isEmpty: Bool { path1 == ConnectionDestination.noPath && path2 == ConnectionDestination.noPath }
    func isBest(_ tunnel: Int) -> Bool { flags & DecisionFlags.best(tunnel) != 0 }
    func isMultipath(_ tunnel: Int) -> Bool { flags & DecisionFlags.multipath(tunnel) != 0 }

    /// The tunnel whose path is best, if any.
    var bestTunnel: Int? { isBest(1) ? 1 : isBest(2) ? 2 : nil }
}

/// The decision bits of a ``ConnectionDestination``.
enum DecisionFlags {
    static func best(_ tunnel: Int) -> UInt8 { tunnel == 1 ? 1 : 2 }
    static func multipath(_ tunnel: Int) -> UInt8 { tunnel == 1 ? 4 : 8 }
}

/// What a connection offers the TR route tables for one prefix: a published destination route
/// (Static) or its best BGP path (reference §4 propagation, §10 item 1).
struct Offer: Sendable, Hashable {
    var origin: RouteOriginType
    var attributes: AttributeSetID
}

/// A connection's BGP table: one record per prefix in a dense array, one ``PrefixIndex``, the tunnels'
/// state, and the learned-route quota ledger. Pure: the model passes the attribute store in.
struct ConnectionTable: Sendable {
    var index = PrefixIndex()
    var records: ContiguousArray<ConnectionDestination> = []
    private var freeSlots: [Int32] = []
    /// Whether each tunnel forwards (phase 2 up): only those tunnels' paths are eligible (reference §2).
    var tunnelUp: (Bool, Bool)
    var bgpEnabled: Bool
    /// §10 item 3 setting: tunnel 2 has interior cost 1, so tunnel 1 wins while it is up.
    var activeStandby: Bool
    /// The data center's address on each tunnel: the last tie-breaker (RFC 4271 §9.1.2.2 g).
    var peerAddresses: (IPv4Address, IPv4Address)
    var checks: ImportChecks
    var quota: QuotaLedger?
    /// Counts operations, for ``firstTouch(_:)``.
    private var epoch: UInt32 = 0
    /// The number of paths over each tunnel (what the data center announced over it).
    private(set) var pathCounts: (Int, Int) = (0, 0)
    /// The number of records (prefixes with a path over either tunnel).
    var count: Int { records.count - freeSlots.count }
    /// The number of paths over one tunnel.
    func pathCount(_ tunnel: Int) -> Int { tunnel == 1 ? pathCounts.0 : pathCounts.1 }

    init(_ connection: VPNConnectionRouting) {
        func tunnel(_ index: Int) -> TunnelRouting? { connection.tunnels.first { $0.index == index } }
        tunnelUp = (tunnel(1)?.isUp ?? false, tunnel(2)?.isUp ?? false)
        bgpEnabled = connection.bgpEnabled
        activeStandby = connection.activeStandby
        peerAddresses = (tunnel(1)?.peerBGPAddress ?? .any, tunnel(2)?.peerBGPAddress ?? .any)
        checks = ImportChecks(
            localAS: connection.localASN, refuseDefaultRoute: true, reservedPrefixes: [CloudModel.sharedAddressSpace],
            checkNextHop: false)
        quota = connection.learnedRouteQuota.map(QuotaLedger.init(limit:))
    }

    func isUp(_ tunnel: Int) -> Bool { tunnel == 1 ? tunnelUp.0 : tunnelUp.1 }

    // MARK: Paths

    /// Starts an operation: ``firstTouch(_:)`` then tells each slot's first touch from later ones.
    mutating func beginOperation() {
        epoch &+= 1
        if epoch == 0 {
            for i in records.indices { records[i].stamp = 0 }
            epoch = 1
        }
    }

    /// Whether this is the operation's first touch of `slot` (no hashing: a stamp in the record).
    mutating func firstTouch(_ slot: Int32) -> Bool {
        guard records[Int(slot)].stamp != epoch else { return false }
        records[Int(slot)].stamp = epoch
        return true
    }

    /// The slot of `prefix`, created when absent.
    mutating func slot(creating prefix: IPv4Prefix) -> Int32 {
        if let slot = index.slot(of: prefix) { return slot }
        let slot: Int32
        if let reused = freeSlots.popLast() {
            slot = reused
            records[Int(slot)] = ConnectionDestination(prefix: prefix)
        } else {
            slot = Int32(records.count)
            records.append(ConnectionDestination(prefix: prefix))
        }
        index.insert(prefix, slot: slot)
        return slot
    }

    /// Sets a tunnel's path (its reference is the caller's); returns the attributes it replaced, whose
    /// reference the caller releases.
    mutating func setPath(_ slot: Int32, tunnel: Int, attributes: AttributeSetID, check: RejectReason?) -> UInt32 {
        let i = Int(slot)
        if tunnel == 1 {
            defer { records[i].path1 = attributes.raw; records[i].check1 = check }
            if records[i].path1 == ConnectionDestination.noPath { pathCounts.0 += 1 }
            return records[i].path1
        }
        defer { records[i].path2 = attributes.raw; records[i].check2 = check }
        if records[i].path2 == ConnectionDestination.noPath { pathCounts.1 += 1 }
        return records[i].path2
    }

    /// Removes a tunnel's path; returns its attributes (``ConnectionDestination/noPath`` when there was none).
    mutating func removePath(_ slot: Int32, tunnel: Int) -> UInt32 {
        let i = Int(slot)
        if tunnel == 1 {
            defer { records[i].path1 = ConnectionDestination.noPath; records[i].check1 = nil }
            if records[i].path1 != ConnectionDestination.noPath { pathCounts.0 -= 1 }
            return records[i].path1
        }
        defer { records[i].path2 = ConnectionDestination.noPath; records[i].check2 = nil }
        if records[i].path2 != ConnectionDestination.noPath { pathCounts.1 -= 1 }
        return records[i].path2
    }

    /// Frees a record that holds no path any more.
    mutating func freeIfEmpty(_ slot: Int32) {
        guard records[Int(slot)].isEmpty, records[Int(slot)].quota == .none else { return }
        index.remove(records[Int(slot)].prefix)
        records[Int(slot)] = ConnectionDestination(prefix: records[Int(slot)].prefix)
        freeSlots.append(slot)
    }

    // MARK: Quota (reference §10 item 5)

    /// Whether a tunnel's path passes everything but the quota: present, no failed check, tunnel up, BGP on.
    func passesChecks(_ record: ConnectionDestination, tunnel: Int) -> Bool {
        bgpEnabled && isUp(tunnel) && record.path(tunnel) != ConnectionDestination.noPath && record.check(tunnel) == nil
    }

    /// The ledger key of a record: destinations with such a path over tunnel 1 first, then prefix order.
    func quotaKey(_ record: ConnectionDestination) -> UInt64? {
        let first = passesChecks(record, tunnel: 1)
        guard first || passesChecks(record, tunnel: 2) else { return nil }
        return (first ? 0 : 1 << 40) | PrefixIndex.key(record.prefix)
    }

    /// Re-files a record in the quota ledger after its paths or the tunnels changed; records admitted
    /// or evicted as a result are appended to `flipped`.
    mutating func updateQuota(_ slot: Int32, flipped: inout [Int32]) {
        // Taken out while it changes, so its heaps are never copied.
        guard var ledger = quota else { return }
        quota = nil
        defer { quota = ledger }
        let record = records[Int(slot)]
        let key = quotaKey(record)
        if record.quota != .none {
            if let key, key == (record.filedFirst ? 0 : 1 << 40) | PrefixIndex.key(record.prefix) { return }
            ledger.remove(slot: slot, records: &records, flipped: &flipped)
        }
        if let key {
            records[Int(slot)].filedFirst = key >> 40 == 0
            ledger.insert(slot: slot, key: key, records: &records, flipped: &flipped)
        }
    }

    // MARK: Decision (RFC 4271 §9.1.2.2 between the two tunnels)

    /// Whether a tunnel's path is eligible for the decision.
    func isEligible(_ record: ConnectionDestination, tunnel: Int) -> Bool {
        passesChecks(record, tunnel: tunnel) && (quota == nil || record.quota == .admitted)
    }

    /// Re-runs the decision on one record; returns what it now offers the TR.
    mutating func decide(_ slot: Int32, store: AttributeStore) -> Offer? {
        let i = Int(slot)
        let e1 = isEligible(records[i], tunnel: 1)
        let e2 = isEligible(records[i], tunnel: 2)
        var flags: UInt8 = 0
        var lostAt: TieBreaker?
        switch (e1, e2) {
        case (false, false):
            break
        case (true, false):
            flags = DecisionFlags.best(1) | DecisionFlags.multipath(1)
        case (false, true):
            flags = DecisionFlags.best(2) | DecisionFlags.multipath(2)
        case (true, true):
            let outcome = compare(records[i], store: store)
            flags = DecisionFlags.best(outcome.winner)
            if outcome.multipath {
                flags |= DecisionFlags.multipath(1) | DecisionFlags.multipath(2)
            } else {
                flags |= DecisionFlags.multipath(outcome.winner)
            }
            lostAt = outcome.lostAt
        }
        records[i].flags = flags
        records[i].lostAt = lostAt
        return offer(records[i])
    }

    /// The best path as an offer (origin BGP), or `nil`.
    func offer(_ record: ConnectionDestination) -> Offer? {
        guard let tunnel = record.bestTunnel else { return nil }
        return Offer(origin: .bgp, attributes: AttributeSetID(raw: record.path(tunnel)))
    }

    /// The decision process on two eligible paths, step by step (RFC 4271 §9.1.2.2 a–g, a missing
    /// LOCAL_PREF counting as 100), with multipath through the interior cost, without allocating.
    func compare(_ record: ConnectionDestination, store: AttributeStore) -> (winner: Int, lostAt: TieBreaker, multipath: Bool) {
        let a = store.rank(AttributeSetID(raw: record.path1))
        let b = store.rank(AttributeSetID(raw: record.path2))
        func result(_ aWins: Bool, _ step: TieBreaker, multipath: Bool = false) -> (Int, TieBreaker, Bool) {
            (aWins ? 1 : 2, step, multipath)
        }
        let defaultPreference: UInt32 = 100
        let prefA = a.localPreference ?? defaultPreference, prefB = b.localPreference ?? defaultPreference
        if prefA != prefB { return result(prefA > prefB, .localPreference) }
        if a.asPathLength != b.asPathLength { return result(a.asPathLength < b.asPathLength, .asPathLength) }
        if a.origin != b.origin { return result(a.origin < b.origin, .origin) }
        let medA = a.med ?? 0, medB = b.med ?? 0
        if a.neighborAS == b.neighborAS && medA != medB { return result(medA < medB, .multiExitDiscriminator) }
        let costA: UInt32 = 0, costB: UInt32 = activeStandby ? 1 : 0
        if costA != costB { return result(true, .interiorCost) }
        // Tied through the interior cost: both tunnels forward (ECMP); the rest picks the best path.
        let routerA = a.originatorID ?? .any, routerB = b.originatorID ?? .any
        if routerA != routerB { return result(routerA < routerB, .routerID, multipath: true) }
        if a.clusterListLength != b.clusterListLength {
            return result(a.clusterListLength < b.clusterListLength, .clusterListLength, multipath: true)
        }
        let addressA = IPAddress.v4(peerAddresses.0), addressB = IPAddress.v4(peerAddresses.1)
        return result(addressA <= addressB, .peerAddress, multipath: true)
    }
}


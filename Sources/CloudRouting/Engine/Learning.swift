import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// Routes from the data center: UPDATEs into a connection's BGP table, and what follows from them.
extension CloudModel {
    /// Routes the data center announced and withdrew over one tunnel (one UPDATE, as the live speaker
    /// receives them): the tunnel's paths change in arrival order, and only those destinations (and
    /// the ones the quota ledger admits or evicts as a result) are re-decided and propagated.
    @discardableResult
    public mutating func learn(
        connection id: String, tunnel index: Int, announced: [DataCenterRoute], withdrawn: [IPv4Prefix]
    ) -> RoutingDelta {
        learn(connection: id, tunnel: index, updates: [ReceivedUpdate(withdrawn: withdrawn, announced: announced)])
    }

    /// Several UPDATEs from one tunnel (what one read of the socket brought), applied in order as one
    /// operation: a prefix they touch several times is decided once, on its last state.
    @discardableResult
    public mutating func learn(connection id: String, tunnel index: Int, updates: [ReceivedUpdate]) -> RoutingDelta {
        guard var table = connectionTables.removeValue(forKey: id) else { return RoutingDelta() }
        let (touched, before, released) = load(&table, tunnel: index, updates: updates)
        var delta = RoutingDelta()
        let offers = redecide(&table, slots: touched, before: before, connection: id, delta: &delta)
        for old in released { store.release(old) }
        connectionTables[id] = table
        propagate(offers, connection: id, delta: &delta)
        return delta
    }

    /// Replaces what the data center announces over one tunnel: only prefixes added, removed or
    /// changed are learned.
    @discardableResult
    public mutating func setAnnouncements(connection id: String, tunnel index: Int, _ routes: [DataCenterRoute]) -> RoutingDelta {
        guard let table = connectionTables[id] else { return RoutingDelta() }
        var new: [IPv4Prefix: PathAttributes] = [:]
        for route in routes {
            var attributes = route.attributes
            attributes.nextHop = nil
            new[route.prefix] = attributes
        }
        var withdrawn: [IPv4Prefix] = []
        var unchanged = Set<IPv4Prefix>()
        for record in table.records where record.path(index) != ConnectionDestination.noPath {
            if let attributes = new[record.prefix] {
                if store[AttributeSetID(raw: record.path(index))] == attributes { unchanged.insert(record.prefix) }
            } else {
                withdrawn.append(record.prefix)
            }
        }
        let announced = routes.filter { !unchanged.contains($0.prefix) }
        return learn(connection: id, tunnel: index, announced: announced, withdrawn: withdrawn.sorted())
    }

    // MARK: Steps

    /// Applies withdrawals and announcements to a tunnel's paths; returns the slots touched, what
    /// each one's rows were made of before (for the delta), and the attribute references the old
    /// paths held. The caller releases those once it has compared the rows: released earlier, a
    /// withdrawn path's attribute ID could be reused by an announcement of the same operation, and
    /// the changed row would compare equal to its old key. The attributes of a run of routes that
    /// share them are interned and checked once.
    mutating func load(
        _ table: inout ConnectionTable, tunnel index: Int, updates: [ReceivedUpdate]
    ) -> (slots: [Int32], before: [ConnectionRowKey], released: [AttributeSetID]) {
        var touched: [Int32] = []
        var before: [ConnectionRowKey] = []
        var released: [AttributeSetID] = []
        let total = updates.reduce(0) { $0 + $1.withdrawn.count + $1.announced.count }
        touched.reserveCapacity(total)
        before.reserveCapacity(total)
        table.beginOperation()
        for update in updates {
            load(&table, tunnel: index, announced: update.announced, withdrawn: update.withdrawn, touched: &touched, before: &before,
                 released: &released)
        }
        return (touched, before, released)
    }

    private mutating func load(
        _ table: inout ConnectionTable, tunnel index: Int, announced: [DataCenterRoute], withdrawn: [IPv4Prefix],
        touched: inout [Int32], before: inout [ConnectionRowKey], released: inout [AttributeSetID]
    ) {
        for prefix in withdrawn {
            guard let slot = table.index.slot(of: prefix), table.records[Int(slot)].path(index) != ConnectionDestination.noPath else {
                continue
            }
            // A prefix listed twice is recorded once, with what it was before the first change.
            if table.firstTouch(slot) {
                before.append(table.rowKey(slot))
                touched.append(slot)
            }
            let old = table.removePath(slot, tunnel: index)
            released.append(AttributeSetID(raw: old))
        }
        var start = announced.startIndex
        while start < announced.endIndex {
            let received = announced[start].attributes
            var end = start + 1
            while end < announced.endIndex && announced[end].attributes.sharesStorage(with: received) { end += 1 }
            let check = table.checks.attributeRejection(received)
            var stored = received
            stored.nextHop = nil
            let id = store.intern(stored)
            if end - start > 1 { store.retain(id, count: end - start - 1) }
            for position in start ..< end {
                let prefix = announced[position].prefix
                let slot = table.slot(creating: prefix)
                if table.firstTouch(slot) {
                    before.append(table.rowKey(slot))
                    touched.append(slot)
                }
                let old = table.setPath(slot, tunnel: index, attributes: id, check: check ?? table.checks.prefixRejection(prefix))
                if old != ConnectionDestination.noPath { released.append(AttributeSetID(raw: old)) }
            }
            start = end
        }
    }

    /// Re-files the touched records in the quota ledger, re-decides them and every record the ledger
    /// admitted or evicted, records the rows that changed in `delta`, frees empty records, and
    /// returns the offers that changed (prefixes a published destination route holds are not offered
    /// from BGP).
    mutating func redecide(
        _ table: inout ConnectionTable, slots touched: [Int32], before: [ConnectionRowKey], connection id: String,
        delta: inout RoutingDelta
    ) -> [(IPv4Prefix, Offer?)] {
        var slots = touched
        var flipped: [Int32] = []
        var before = before
        if table.quota != nil {
            for slot in touched { table.updateQuota(slot, flipped: &flipped) }
            if !flipped.isEmpty {
                let seen = Set(touched)
                var flips: [Int32: Int] = [:]
                for slot in flipped where !seen.contains(slot) { flips[slot, default: 0] += 1 }
                for (slot, times) in flips.sorted(by: { $0.key < $1.key }) {
                    slots.append(slot)
                    // Its paths did not change, only its standing (an odd number of flips): rebuild
                    // what its row looked like.
                    var key = table.rowKey(slot)
                    if times % 2 == 1 { key.quota = key.quota == .admitted ? .waiting : .admitted }
                    before.append(key)
                }
            }
        }
        let published = connections[id]?.publishedPrefixes ?? []
        var offers: [(IPv4Prefix, Offer?)] = []
        var changed: [IPv4Prefix] = []
        for (position, slot) in slots.enumerated() {
            let new = table.decide(slot, store: store)
            let old = before[position].offer
            let prefix = table.records[Int(slot)].prefix
            if table.rowKey(slot) != before[position] { changed.append(prefix) }
            if old != new && (published.isEmpty || !published.contains(prefix)) { offers.append((prefix, new)) }
            table.freeIfEmpty(slot)
        }
        delta.add(bgp: id, changed)
        return offers
    }
}

/// One UPDATE as the cloud side learns it: withdrawals first, then announcements (RFC 4271 §4.3).
public struct ReceivedUpdate: Sendable {
    public var withdrawn: [IPv4Prefix]
    public var announced: [DataCenterRoute]

    public init(withdrawn: [IPv4Prefix], announced: [DataCenterRoute]) {
        self.withdrawn = withdrawn
        self.announced = announced
    }
}

/// What a connection's `VPN_BGP` rows for one prefix are made of (equal keys, equal rows), and what
/// it offered the TR: captured before an operation changes a record, compared after.
struct ConnectionRowKey: Hashable {
    var path1: UInt32
    var path2: UInt32
    var check1: RejectReason?
    var check2: RejectReason?
    var flags: UInt8
    var lostAt: TieBreaker?
    var quota: QuotaStanding
    /// Not part of the rows: what the record offered the TR.
    var offer: Offer?

    static func == (a: ConnectionRowKey, b: ConnectionRowKey) -> Bool {
        a.path1 == b.path1 && a.path2 == b.path2 && a.check1 == b.check1 && a.check2 == b.check2 && a.flags == b.flags
            && a.lostAt == b.lostAt && a.quota == b.quota
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(path1)
        hasher.combine(path2)
        hasher.combine(flags)
    }
}

extension ConnectionTable {
    /// The parts of a record its rows show: only paths over tunnels that are up, with BGP on.
    func rowKey(_ slot: Int32) -> ConnectionRowKey {
        let record = records[Int(slot)]
        let shown1 = bgpEnabled && tunnelUp.0, shown2 = bgpEnabled && tunnelUp.1
        return ConnectionRowKey(
            path1: shown1 ? record.path1 : ConnectionDestination.noPath, path2: shown2 ? record.path2 : ConnectionDestination.noPath,
            check1: shown1 ? record.check1 : nil, check2: shown2 ? record.check2 : nil,
            flags: record.flags, lostAt: record.lostAt, quota: quota == nil ? .none : record.quota, offer: offer(record))
    }
}

extension VPNConnectionRouting {
    /// The prefixes of destination routes published to the TR: they are offered as Static and win
    /// over BGP routes for the same prefix (§10 item 1).
    var publishedPrefixes: Set<IPv4Prefix> {
        var prefixes = Set(destinationRoutes.filter(\.publish).map(\.prefix))
        if autoConfigRoute && !protectedLocal.isEmpty { prefixes.formUnion(protectedRemote) }
        return prefixes
    }
}

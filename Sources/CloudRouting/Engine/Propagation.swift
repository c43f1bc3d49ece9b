import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// The attachments by dense index, in ID order: what TR candidates refer to (≈ an inventory).
struct AttachmentDirectory: Sendable {
    private(set) var ids: [String] = []
    private(set) var kinds: [AttachmentKind] = []
    private(set) var refs: [String: UInt32] = [:]

    init() {}

    init(_ attachments: [String: TransitRouterAttachment]) {
        ids = attachments.keys.sorted()
        kinds = ids.map { attachments[$0]!.kind }
        for (ref, id) in ids.enumerated() { refs[id] = UInt32(ref) }
    }
}

/// What propagation and Advertise Routes read on every route, derived once from the inputs.
struct PropagationContext: Sendable {
    /// Ingress route maps that can apply to each TR table.
    var ingress: [String: [CenRouteMap]] = [:]
    /// The connections whose `CLOUD` rows read each TR table (Advertise Routes on, associated).
    var readers: [String: [String]] = [:]
    /// Each reading connection's Advertise Routes scope.
    var scopes: [String: AdvertiseScope] = [:]
}

/// Propagation (reference §4 "Propagate System Routes", §10 item 2): what each attachment offers
/// becomes a candidate in the TR tables it propagates to, after the ingress route maps.
extension CloudModel {
    /// Pushes a connection's changed offers into every table its attachment propagates to.
    mutating func propagate(_ offers: [(IPv4Prefix, Offer?)], connection id: String, delta: inout RoutingDelta) {
        guard !offers.isEmpty, !deferPropagation, let attachmentID = connections[id]?.attachmentID,
              let attachment = attachments[attachmentID], let ref = directory.refs[attachmentID]
        else { return }
        for tableID in attachment.propagatesTo.sorted() {
            guard var table = transitRouterTables.removeValue(forKey: tableID) else { continue }
            let ingress = context.ingress[tableID] ?? []
            var changed: [IPv4Prefix] = []
            // What may change in the export to this connection itself: not a destination where its
            // own candidate is Active before and after (split horizon withholds it both times).
            var ownExport: [IPv4Prefix] = []
            for (prefix, offer) in offers {
                var candidate: Candidate?
                if let offer {
                    store.retain(offer.attributes)
                    candidate = makeCandidate(offer, prefix: prefix, ref: ref, attachment: attachment, table: tableID, ingress: ingress)
                }
                let outcome = replaceCandidate(in: &table, prefix: prefix, ref: ref, with: candidate)
                guard outcome.changed else { continue }
                changed.append(prefix)
                if !outcome.ownExportNilBefore || !outcome.ownExportNilAfter { ownExport.append(prefix) }
            }
            transitRouterTables[tableID] = table
            delta.add(transitRouter: tableID, changed)
            for reader in context.readers[tableID] ?? [] { delta.add(exports: reader, reader == id ? ownExport : changed) }
        }
    }

    /// What replacing a candidate did: whether the destination changed, and whether the export to the
    /// attachment itself was certainly nothing before and after (no destination, or its own candidate
    /// Active: split horizon withholds it).
    struct CandidateOutcome {
        var changed: Bool
        var ownExportNilBefore: Bool
        var ownExportNilAfter: Bool
    }

    /// Replaces the propagated candidate of attachment `ref` for `prefix` (the candidate holds its
    /// own reference) and reselects, in place and with one index probe.
    mutating func replaceCandidate(
        in table: inout TransitRouterTable, prefix: IPv4Prefix, ref: UInt32, with candidate: Candidate?
    ) -> CandidateOutcome {
        func ownActive(_ list: CandidateList?) -> Bool {
            list?.contains { !$0.isStatic && $0.source == ref && $0.verdict == .active } ?? false
        }
        guard let slot = table.index.slot(of: prefix) else {
            // A new destination: its one candidate stands as made (Active, or Rejected by a route map).
            guard let candidate else { return CandidateOutcome(changed: false, ownExportNilBefore: true, ownExportNilAfter: true) }
            table.insert(prefix, CandidateList(candidate))
            return CandidateOutcome(changed: true, ownExportNilBefore: true, ownExportNilAfter: candidate.verdict == .active)
        }
        let old: CandidateList? = table.records[Int(slot)]!.candidates
        var list = old
        var removed: [Candidate] = []
        if var current = list {
            if let position = current.firstIndex(where: { !$0.isStatic && $0.source == ref }) {
                removed.append(current[position])
                if current.count == 1 { list = nil } else { current.remove(at: position); list = current }
            }
        }
        if let candidate {
            if list == nil { list = CandidateList(candidate) } else { list!.append(candidate) }
        }
        if list != nil { select(&list!, table: table.id) }
        guard list != old else {
            if let candidate { store.release(candidate.attributes) }
            return CandidateOutcome(changed: false, ownExportNilBefore: true, ownExportNilAfter: true)
        }
        for candidate in removed { store.release(candidate.attributes) }
        table.set(slot: slot, prefix: prefix, list)
        return CandidateOutcome(changed: true, ownExportNilBefore: ownActive(old), ownExportNilAfter: list == nil || ownActive(list))
    }

    /// The candidate an offer becomes in a table, after the ingress route maps: a permit sets the
    /// preference, prepends and adds communities; a deny leaves it Rejected. The candidate takes over
    /// the reference the offer holds on its attributes.
    mutating func makeCandidate(
        _ offer: Offer, prefix: IPv4Prefix, ref: UInt32, attachment: TransitRouterAttachment, table: String,
        ingress: [CenRouteMap]
    ) -> Candidate {
        var candidate = Candidate(source: ref, isStatic: false, origin: offer.origin, preference: 50, verdict: .active,
                                  attributes: offer.attributes)
        guard !ingress.isEmpty else { return candidate }
        let attributes = store[offer.attributes]
        let route = OfferedRoute(prefix: prefix, originType: offer.origin, asPath: attributes.asPath ?? .empty,
                                 communities: attributes.communities)
        guard let map = CloudModel.firstMatch(ingress, direction: .ingress, table: table, source: attachment, destination: nil, route: route)
        else { return candidate }
        guard map.permit else {
            candidate.verdict = .rejected(routeMap: Int32(clamping: map.priority))
            return candidate
        }
        candidate.preference = UInt8(clamping: map.preference ?? 50)
        guard !map.prepend.isEmpty || !map.addCommunities.isEmpty else { return candidate }
        var changed = attributes
        var path = changed.asPath ?? .empty
        for asn in map.prepend.reversed() { path = path.prepending(asn) }
        changed.asPath = path
        if !map.addCommunities.isEmpty { changed.communities = Array(Set(changed.communities).union(map.addCommunities)).sorted() }
        candidate.attributes = store.intern(changed)
        store.release(offer.attributes)
        return candidate
    }

    /// Runs the TR selection on one destination's candidates.
    func select(_ list: inout CandidateList, table: String) {
        guard list.count > 1 || !list.allSatisfy({ $0.verdict == .active }) else { return }
        TransitRouterSelection.select(&list) { candidate in
            TransitRouterSelection.Facts(
                isVPCSystemRoute: !candidate.isStatic && candidate.origin == .system && directory.kinds[Int(candidate.source)] == .vpc,
                learnedFrom: candidate.isStatic ? .other : TransitRouterSelection.LearnedFrom(directory.kinds[Int(candidate.source)]),
                asPathLength: store.rank(candidate.attributes).asPathLength,
                isLocalRegion: self.candidateRegion(candidate, table: table) == region,
                nextHop: self.nextHop(of: candidate, table: table) ?? "")
        }
    }

    /// The attachment a candidate forwards to (`nil`: blackhole).
    func nextHop(of candidate: Candidate, table: String) -> String? {
        if candidate.isStatic { return routeTables[table]?.staticRoutes[Int(candidate.source)].nextHopAttachment }
        return directory.ids[Int(candidate.source)]
    }

    /// The region a candidate comes from: its attachment's, or the TR's for a static entry.
    func candidateRegion(_ candidate: Candidate, table: String) -> String {
        candidate.isStatic ? region : attachments[directory.ids[Int(candidate.source)]]?.region ?? region
    }

    // MARK: Full build

    /// Rebuilds the directory, the context and every TR table from the inputs and the connections'
    /// offers (a structural edit). Returns a structural delta; does nothing inside a batch.
    @discardableResult
    mutating func rebuild() -> RoutingDelta {
        guard !deferPropagation else { return RoutingDelta() }
        for table in transitRouterTables.values {
            for destination in table.destinations {
                for candidate in destination.candidates { store.release(candidate.attributes) }
            }
        }
        transitRouterTables = [:]
        directory = AttachmentDirectory(attachments)
        context = propagationContext()
        for routeTable in routeTables.values.sorted(by: { $0.id < $1.id }) {
            var table = TransitRouterTable(id: routeTable.id)
            for (position, route) in routeTable.staticRoutes.enumerated() {
                store.retain(emptyAttributes)
                let candidate = Candidate(source: UInt32(position), isStatic: true,
                                          origin: route.nextHopAttachment == nil ? .blackhole : .static, preference: 50,
                                          verdict: .active, attributes: emptyAttributes)
                add(candidate, prefix: route.prefix, to: &table)
            }
            let ingress = context.ingress[routeTable.id] ?? []
            for attachment in attachments.values.sorted(by: { $0.id < $1.id }) where attachment.propagatesTo.contains(routeTable.id) {
                let ref = directory.refs[attachment.id]!
                for (prefix, offer) in offers(of: attachment) {
                    add(makeCandidate(offer, prefix: prefix, ref: ref, attachment: attachment, table: routeTable.id, ingress: ingress),
                        prefix: prefix, to: &table)
                }
            }
            for slot in table.records.indices {
                guard var destination = table.records[slot] else { continue }
                select(&destination.candidates, table: routeTable.id)
                table.records[slot] = destination
            }
            transitRouterTables[routeTable.id] = table
        }
        var delta = RoutingDelta()
        delta.structural = true
        return delta
    }

    private func add(_ candidate: Candidate, prefix: IPv4Prefix, to table: inout TransitRouterTable) {
        if let slot = table.index.slot(of: prefix) {
            table.records[Int(slot)]!.candidates.append(candidate)
        } else {
            table.set(prefix, CandidateList(candidate))
        }
    }

    /// Everything an attachment offers the TR, one offer per prefix; each offer holds a reference on
    /// its attributes, which the caller takes over. A VPN attachment offers its connection's
    /// published destination routes (Static) and best BGP paths.
    mutating func offers(of attachment: TransitRouterAttachment) -> [(IPv4Prefix, Offer)] {
        guard attachment.kind == .vpn else {
            return attachment.offeredRoutes.map { route in
                (route.prefix, Offer(origin: route.originType,
                                     attributes: store.intern(PathAttributes(asPath: route.asPath, communities: route.communities))))
            }
        }
        guard let id = attachment.connectionID, let connection = connections[id], let table = connectionTables[id] else { return [] }
        let published = connection.publishedPrefixes
        var offers: [(IPv4Prefix, Offer)] = []
        offers.reserveCapacity(table.count + published.count)
        for record in table.records where published.isEmpty || !published.contains(record.prefix) {
            if let offer = table.offer(record) { offers.append((record.prefix, offer)) }
        }
        for prefix in published.sorted() { offers.append((prefix, Offer(origin: .static, attributes: emptyAttributes))) }
        for (_, offer) in offers { store.retain(offer.attributes) }
        return offers
    }

    /// Releases every path reference of a connection table (the connection is replaced or removed).
    mutating func releasePaths(of table: ConnectionTable) {
        for record in table.records {
            if record.path1 != ConnectionDestination.noPath { store.release(AttributeSetID(raw: record.path1)) }
            if record.path2 != ConnectionDestination.noPath { store.release(AttributeSetID(raw: record.path2)) }
        }
    }

    /// The context of the current inputs.
    func propagationContext() -> PropagationContext {
        var context = PropagationContext()
        let maps = effectiveRouteMaps
        for id in routeTables.keys {
            context.ingress[id] = maps.filter { $0.direction == .ingress && ($0.tables.isEmpty || $0.tables.contains(id)) }
        }
        for id in connections.keys.sorted() {
            guard let connection = connections[id], let scope = advertiseScope(connection) else { continue }
            context.readers[scope.tableID, default: []].append(id)
            context.scopes[id] = scope
        }
        return context
    }

    /// The first route map of `direction` that matches, or `nil`.
    static func firstMatch(
        _ maps: [CenRouteMap], direction: CenRouteMap.Direction, table: String, source: TransitRouterAttachment?,
        destination: TransitRouterAttachment?, route: OfferedRoute
    ) -> CenRouteMap? {
        maps.first { map in
            guard map.direction == direction, map.tables.isEmpty || map.tables.contains(table) else { return false }
            if let kinds = map.sourceKinds, !(source.map { kinds.contains($0.kind) } ?? false) { return false }
            if let ids = map.sourceAttachments, !(source.map { ids.contains($0.id) } ?? false) { return false }
            if let kinds = map.destinationKinds, !(destination.map { kinds.contains($0.kind) } ?? false) { return false }
            if let ids = map.destinationAttachments, !(destination.map { ids.contains($0.id) } ?? false) { return false }
            return map.matchesRoute(route)
        }
    }

    /// 100.64.0.0/10: the carrier-grade NAT block the data center may not announce (reference §3, §10 item 5).
    static let sharedAddressSpace = IPPrefix.v4(IPv4Prefix(masking: IPv4Address(100, 64, 0, 0), length: 10)!)
}

extension TransitRouterSelection.LearnedFrom {
    /// Step (d)'s view of a propagated candidate's attachment kind.
    init(_ kind: AttachmentKind) {
        switch kind {
        case .vbr: self = .expressConnect
        case .vpn: self = .vpn
        case .vpc, .peerTransitRouter, .ccn: self = .other
        }
    }
}

extension CenRouteMap {
    /// The route conditions: prefixes, AS path and communities.
    func matchesRoute(_ route: OfferedRoute) -> Bool {
        matchesRoute(prefix: route.prefix, asPath: route.asPath, communities: route.communities)
    }

    /// The route conditions on a route's parts.
    func matchesRoute(prefix: IPv4Prefix, asPath: ASPath, communities: [Community]) -> Bool {
        if let prefixes, !prefixes.contains(where: { $0.matches(.v4(prefix)) }) { return false }
        if let asPathContains, !asPath.contains(asPathContains) { return false }
        if let anyCommunity, !anyCommunity.contains(where: communities.contains) { return false }
        return true
    }
}

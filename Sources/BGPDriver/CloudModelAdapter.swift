import BGPWire
import CloudRouting
import NetworkPrimitives

/// The one place a session driver touches the cloud engine (`CloudModel`): routes learned from a
/// data center go in through the tunnel's connection, the connection's `CLOUD` rows come out
/// (Advertise Routes, reference §10 item 8). The owner keeps the model here and reads it for
/// everything else; after a driver call it takes ``takeChanges()`` to re-synchronize the
/// sessions whose exports changed.
///
/// The UPDATEs of one read are coalesced: each prefix's last state (announced with its attributes,
/// or withdrawn) goes to the model in one call per attribute set at ``flush()``. The result is the
/// same as applying them one by one (the last word on a prefix wins), at a fraction of the engine
/// work when a peer floods (a flapping prefix costs one decision per read, not one per UPDATE).
public struct CloudModelAdapter: SessionRoutes, Sendable {
    public var model: CloudModel
    /// The `CLOUD` prefixes changed since the last ``takeChanges()``, by connection.
    private var changes: [String: Set<IPv4Prefix>] = [:]
    /// Routes learned and not yet given to the model: per session, each prefix's last state
    /// (`nil`: withdrawn).
    private var pending: [RouteSessionKey: [IPv4Prefix: PathAttributes?]] = [:]

    public init(model: CloudModel) {
        self.model = model
    }

    public mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        guard !announced.isEmpty || !withdrawn.isEmpty else { return }
        var batch = pending.removeValue(forKey: key) ?? [:]
        for prefix in withdrawn { batch[prefix] = .some(nil) }
        for prefix in announced { batch[prefix] = attributes }
        pending[key] = batch
    }

    public mutating func flush() {
        guard !pending.isEmpty else { return }
        let batches = pending
        pending = [:]
        for key in batches.keys.sorted(by: { ($0.connectionID, $0.tunnel) < ($1.connectionID, $1.tunnel) }) {
            var withdrawn: [IPv4Prefix] = []
            var groups: [(attributes: PathAttributes, prefixes: [IPv4Prefix])] = []
            var index: [PathAttributes: Int] = [:]
            let batch = batches[key]!
            for prefix in batch.keys.sorted() {
                guard let attributes = batch[prefix]! else {
                    withdrawn.append(prefix)
                    continue
                }
                if let group = index[attributes] {
                    groups[group].prefixes.append(prefix)
                } else {
                    index[attributes] = groups.count
                    groups.append((attributes, [prefix]))
                }
            }
            if groups.isEmpty { groups.append((PathAttributes(), [])) }
            for (position, group) in groups.enumerated() {
                model.learn(UpdateMessage(withdrawn: position == 0 ? withdrawn : [], attributes: group.attributes, nlri: group.prefixes),
                            connection: key.connectionID, tunnel: key.tunnel)
                collect()
            }
        }
    }

    public mutating func forget(from key: RouteSessionKey) {
        flush()
        model.forgetRoutes(connection: key.connectionID, tunnel: key.tunnel)
        collect()
    }

    public func learnedPrefixes(from key: RouteSessionKey) -> [IPv4Prefix] {
        model.connections[key.connectionID]?.routesByTunnel[key.tunnel].map { Array($0.keys) } ?? []
    }

    public func offeredPrefixes(to key: RouteSessionKey) -> [IPv4Prefix] {
        model.cloudRows(connection: key.connectionID).map(\.prefix)
    }

    /// The `CLOUD` row as the connection holds it: origin IGP, the row's AS path and communities
    /// (the session's ``ExternalExport`` adds our AS and next hop).
    public func offered(_ prefix: IPv4Prefix, to key: RouteSessionKey) -> PathAttributes? {
        model.cloudRow(connection: key.connectionID, prefix: prefix).map {
            PathAttributes(origin: .igp, asPath: $0.asPath, communities: $0.communities)
        }
    }

    /// The `CLOUD` prefixes that changed since the last call, by connection.
    public mutating func takeChanges() -> [String: Set<IPv4Prefix>] {
        flush()
        defer { changes = [:] }
        return changes
    }

    private mutating func collect() {
        for (id, prefixes) in model.lastCloudChanges where !prefixes.isEmpty {
            changes[id, default: []].formUnion(prefixes)
        }
    }
}

import BGPWire
import CloudRouting
import NetworkPrimitives

/// The one place a session driver touches the cloud engine (`CloudModel`): routes learned from a
/// data center go in through the tunnel's connection, the connection's `CLOUD` rows come out
/// (Advertise Routes, reference §10 item 8). The owner keeps the model here and reads it for
/// everything else; after a driver call it takes ``takeChanges()`` to re-synchronize the
/// sessions whose exports changed.
public struct CloudModelAdapter: SessionRoutes, Sendable {
    public var model: CloudModel
    /// The `CLOUD` prefixes changed since the last ``takeChanges()``, by connection.
    private var changes: [String: Set<IPv4Prefix>] = [:]

    public init(model: CloudModel) {
        self.model = model
    }

    public mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        guard !announced.isEmpty || !withdrawn.isEmpty else { return }
        model.learn(UpdateMessage(withdrawn: withdrawn, attributes: attributes, nlri: announced),
                    connection: key.connectionID, tunnel: key.tunnel)
        collect()
    }

    public mutating func forget(from key: RouteSessionKey) {
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
        defer { changes = [:] }
        return changes
    }

    private mutating func collect() {
        for (id, prefixes) in model.lastCloudChanges where !prefixes.isEmpty {
            changes[id, default: []].formUnion(prefixes)
        }
    }
}

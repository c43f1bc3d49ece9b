import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// The one place a session driver touches the cloud engine (`CloudModel`): routes learned from a
/// data center go in through the tunnel's connection, the routes Advertise Routes offers come out
/// with every attribute they carry (reference §10 item 8). The owner keeps the model here and reads
/// it for everything else; after a driver call it takes ``takeChanges()`` to re-synchronize the
/// sessions whose exports changed.
///
/// The UPDATEs of one read are held and given to the model in arrival order as one operation at
/// ``flush()``: a prefix that flaps within a read is decided once, on its last state. An UPDATE
/// that changes the one prefix the previous UPDATE changed (a flap) replaces it: a tunnel holds one
/// path per prefix and each UPDATE sets it, so the model ends where both would have left it, and a
/// flood of flaps holds one pending UPDATE, not one per message.
public struct CloudModelAdapter: SessionRoutes, Sendable {
    public var model: CloudModel
    /// The exported destinations changed since the last ``takeChanges()``, by connection.
    private var changes: [String: Set<IPv4Prefix>] = [:]
    /// Connections whose every export may have changed.
    private var everything: Set<String> = []
    /// UPDATEs learned and not yet given to the model, per session, in arrival order.
    private var pending: [RouteSessionKey: [ReceivedUpdate]] = [:]
    /// When set, every operation's delta is added to it (what a simulation shows as the route
    /// changes after a timeline event); `nil`: nothing is kept.
    public var journal: RoutingDelta?
    /// The session of the last ``learn(announced:attributes:withdrawn:from:)``; its UPDATEs are in
    /// ``currentUpdates``, out of ``pending``, so that a flood from one session does not hash its
    /// key per UPDATE.
    private var currentKey: RouteSessionKey?
    private var currentUpdates: [ReceivedUpdate] = []

    public init(model: CloudModel) {
        self.model = model
    }

    public mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        guard !announced.isEmpty || !withdrawn.isEmpty else { return }
        if currentKey != key {
            stashCurrent()
            currentKey = key
            currentUpdates = pending.removeValue(forKey: key) ?? []
        }
        let update = ReceivedUpdate(withdrawn: withdrawn, announced: announced, attributes: attributes)
        if let prefix = update.onlyPrefix, let last = currentUpdates.last, last.onlyPrefix == prefix {
            currentUpdates[currentUpdates.count - 1] = update
        } else {
            currentUpdates.append(update)
        }
    }

    /// Moves the current session's UPDATEs into ``pending``.
    private mutating func stashCurrent() {
        guard let key = currentKey else { return }
        pending[key] = currentUpdates
        currentKey = nil
        currentUpdates = []
    }

    public mutating func flush() {
        stashCurrent()
        guard !pending.isEmpty else { return }
        let batches = pending
        pending = [:]
        for key in batches.keys.sorted(by: { ($0.connectionID, $0.tunnel) < ($1.connectionID, $1.tunnel) }) {
            collect(model.learn(connection: key.connectionID, tunnel: key.tunnel, updates: batches[key]!))
        }
    }

    public mutating func forget(from key: RouteSessionKey) {
        flush()
        let learned = model.receivedRoutes(connection: key.connectionID, tunnel: key.tunnel).map(\.prefix)
        guard !learned.isEmpty else { return }
        collect(model.learn(connection: key.connectionID, tunnel: key.tunnel, announced: [], withdrawn: learned))
    }

    public func learnedPrefixes(from key: RouteSessionKey) -> [IPv4Prefix] {
        model.receivedRoutes(connection: key.connectionID, tunnel: key.tunnel).map(\.prefix)
    }

    public func offeredPrefixes(to key: RouteSessionKey) -> [IPv4Prefix] {
        model.cloudRoutes(connection: key.connectionID).map(\.prefix)
    }

    /// The route Advertise Routes offers the connection, with every attribute it carries (the
    /// session's ``ExternalExport`` adds our AS and next hop and applies the RFC rules of export).
    public func offered(_ prefix: IPv4Prefix, to key: RouteSessionKey) -> PathAttributes? {
        model.cloudRoute(connection: key.connectionID, prefix: prefix)
    }

    /// Records what an operation done on ``model`` by the owner changed (tunnel, setting).
    public mutating func record(_ delta: RoutingDelta) {
        collect(delta)
    }

    /// Adds an operation done on ``model`` by the owner to the ``journal`` only (the owner
    /// re-synchronizes the sessions itself).
    public mutating func note(_ delta: RoutingDelta) {
        journal?.formUnion(delta)
    }

    /// The exported destinations that changed since the last call, by connection; `nil` for a
    /// connection whose every export may have changed.
    public mutating func takeChanges() -> [String: Set<IPv4Prefix>?] {
        flush()
        defer {
            changes = [:]
            everything = []
        }
        var result: [String: Set<IPv4Prefix>?] = changes.mapValues { Optional($0) }
        for id in everything { result[id] = .some(nil) }
        return result
    }

    private mutating func collect(_ delta: RoutingDelta) {
        journal?.formUnion(delta)
        if delta.structural {
            for id in model.connections.keys { everything.insert(id) }
            return
        }
        for id in delta.cloud { everything.insert(id) }
        for (id, prefixes) in delta.exports where !prefixes.isEmpty && !everything.contains(id) {
            changes[id, default: []].formUnion(prefixes)
        }
    }
}

extension ReceivedUpdate {
    /// The prefix of an UPDATE that announces or withdraws exactly one prefix.
    fileprivate var onlyPrefix: IPv4Prefix? {
        switch (withdrawn.count, announced.count + prefixes.count) {
        case (1, 0): withdrawn[0]
        case (0, 1): announced.first?.prefix ?? prefixes[0]
        default: nil
        }
    }
}

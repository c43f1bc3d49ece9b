import BGPWire
import CloudRouting
import NetworkPrimitives

/// The one place a session driver touches the cloud engine (`CloudModel`): routes learned from a
/// data center go in through the tunnel's connection, the routes Advertise Routes offers come out
/// with every attribute they carry (reference §10 item 8). The owner keeps the model here and reads
/// it for everything else; after a driver call it takes ``takeChanges()`` to re-synchronize the
/// sessions whose exports changed.
///
/// The UPDATEs of one read are held and given to the model as one operation at ``flush()``: each
/// prefix they touch goes in once, with its last state (the announcement of the last UPDATE that
/// carried it, or its withdrawal), in the order the prefixes first appeared. A tunnel holds one
/// path per prefix and every UPDATE replaces it, so the model ends where the UPDATEs one by one
/// would have left it, and a prefix that flaps within a read costs the model one decision.
public struct CloudModelAdapter: SessionRoutes, Sendable {
    public var model: CloudModel
    /// The exported destinations changed since the last ``takeChanges()``, by connection.
    private var changes: [String: Set<IPv4Prefix>] = [:]
    /// Connections whose every export may have changed.
    private var everything: Set<String> = []
    /// Routes learned and not yet given to the model, per session.
    private var pending: [RouteSessionKey: PendingRoutes] = [:]
    /// The session of the last ``learn(announced:attributes:withdrawn:from:)`` and its routes, kept
    /// out of ``pending`` so that a flood from one session does not hash its key per UPDATE.
    private var current: (key: RouteSessionKey, routes: PendingRoutes)?

    public init(model: CloudModel) {
        self.model = model
    }

    public mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        guard !announced.isEmpty || !withdrawn.isEmpty else { return }
        if current == nil || current!.key != key {
            if let (previous, routes) = current { pending[previous] = routes }
            current = (key, pending.removeValue(forKey: key) ?? PendingRoutes())
        }
        // RFC 4271 §4.3: an UPDATE's withdrawals come before its announcements.
        for prefix in withdrawn { current!.routes.set(prefix, nil) }
        for prefix in announced { current!.routes.set(prefix, attributes) }
    }

    public mutating func flush() {
        if let (key, routes) = current {
            pending[key] = routes
            current = nil
        }
        guard !pending.isEmpty else { return }
        let batches = pending
        pending = [:]
        for key in batches.keys.sorted(by: { ($0.connectionID, $0.tunnel) < ($1.connectionID, $1.tunnel) }) {
            let update = batches[key]!.update
            collect(model.learn(connection: key.connectionID, tunnel: key.tunnel, updates: [update]))
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

/// The last state of each prefix a session's UPDATEs touched since the last flush, in the order the
/// prefixes first appeared: the attributes announced, or `nil` for a withdrawal.
struct PendingRoutes: Sendable {
    private var prefixes: [IPv4Prefix] = []
    private var states: [PathAttributes?] = []
    /// Position in the lists, by prefix.
    private var positions: [IPv4Prefix: Int] = [:]

    mutating func set(_ prefix: IPv4Prefix, _ attributes: PathAttributes?) {
        // A prefix flapping UPDATE after UPDATE is the last one listed: no hashing.
        if let last = prefixes.last, last == prefix {
            states[states.count - 1] = attributes
        } else if let position = positions[prefix] {
            states[position] = attributes
        } else {
            positions[prefix] = prefixes.count
            prefixes.append(prefix)
            states.append(attributes)
        }
    }

    /// One UPDATE for the model: the withdrawals, then the announcements (consecutive prefixes that
    /// share attributes stay together, so the model interns their attributes once).
    var update: ReceivedUpdate {
        var withdrawn: [IPv4Prefix] = []
        var announced: [DataCenterRoute] = []
        announced.reserveCapacity(prefixes.count)
        for (prefix, state) in zip(prefixes, states) {
            if let state {
                announced.append(DataCenterRoute(prefix: prefix, attributes: state))
            } else {
                withdrawn.append(prefix)
            }
        }
        return ReceivedUpdate(withdrawn: withdrawn, announced: announced)
    }
}

import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Simulation
import Topology

extension SimulationState {
    /// `simulate --json`: `{"time_ms", "tunnels", "transit_router", "connections", "data_centers",
    /// "events"}`. The tables have the shape of ``TablesJSON/tables(_:)`` (arrays of rows); `events`
    /// is ``eventsJSON()``; documented in the README.
    public func json() -> JSONOutput {
        guard case .object(let tables) = TablesJSON.tables(tables) else { return .null }
        return .object([("time_ms", .int(time.simulationMilliseconds)), ("tunnels", tunnelsJSON())] + tables + [
            ("data_centers", .object(dataCenterRoutes.keys.sorted().map { name in
                (name, .object((dataCenterRoutes[name] ?? [:]).keys.sorted().map { index in
                    (String(index), .array(((dataCenterRoutes[name] ?? [:])[index] ?? [:]).sorted { $0.key < $1.key }.map {
                        SimulationState.dataCenterRow(prefix: $0.key, attributes: $0.value)
                    }))
                }))
            })),
            ("events", eventsJSON()),
        ])
    }

    /// The most prefixes one change group lists in `events[].changes[].prefixes` (`count` has them all).
    public static let listedPrefixes = 100

    /// `[{"time_ms", "cause": {"event", "path", …the event's keys}, "changes": [{"time_ms", "table",
    /// "change" (added|removed|moved|status|attributes), "count", "prefixes" (the first 100), "before",
    /// "after"}]}]`: for each timeline event reached, the route changes until the next event.
    public func eventsJSON() -> JSONOutput {
        .array(events.map { window in
            .object([
                ("time_ms", .int(window.time.simulationMilliseconds)),
                ("cause", SimulationState.causeJSON(window.event)),
                ("changes", .array(window.groups.map { group in
                    .object([
                        ("time_ms", .int(group.time.simulationMilliseconds)),
                        ("table", .string(group.table)),
                        ("change", .string(group.kind.rawValue)),
                        ("count", .int(group.prefixes.count)),
                        ("prefixes", .array(group.prefixes.prefix(SimulationState.listedPrefixes).map { .string($0.description) })),
                        ("before", SimulationState.forwardingJSON(group.before)),
                        ("after", SimulationState.forwardingJSON(group.after)),
                    ])
                })),
            ])
        })
    }

    /// A timeline event as JSON: `event` (its name in the file), `path`, and its own keys.
    static func causeJSON(_ event: TimelineEvent) -> JSONOutput {
        var members: [(key: String, value: JSONOutput)] = [("event", .string(event.action.name)), ("path", .string(event.path))]
        switch event.action {
        case .tunnelDown(let connection, let tunnel), .tunnelUp(let connection, let tunnel),
             .peerSilent(let connection, let tunnel), .sessionReset(let connection, let tunnel):
            members += [("connection", .string(connection)), ("tunnel", .int(tunnel))]
        case .announce(let connection, let tunnels, let routes):
            members += [("connection", .string(connection)), ("tunnels", .array(tunnels.map { .int($0) })),
                        ("prefixes", .array(routes.map { .string($0.prefix.description) }))]
        case .withdraw(let connection, let tunnels, let prefixes):
            members += [("connection", .string(connection)), ("tunnels", .array(tunnels.map { .int($0) })),
                        ("prefixes", .array(prefixes.map { .string($0.description) }))]
        case .setting(let connection, let setting, let on):
            members += [("connection", .string(connection)), ("setting", .string(setting.fileKey)), ("value", .bool(on))]
        case .addRouteMap(let map):
            members += [("priority", .int(map.priority)), ("transmit_direction", .string(map.direction.rawValue))]
        case .removeRouteMap(let priority, let direction):
            members += [("priority", .int(priority)), ("transmit_direction", .string(direction.rawValue))]
        }
        return .object(members)
    }

    /// `{"tunnels": [...], "next_hops": [...], "statuses": [...]}`, one shape for every table: a
    /// connection's tables fill `tunnels`, a TR table and a data center's received routes
    /// `next_hops`; each status `{"status", "reason"}` as in the rows. Where there is no row (before
    /// an `added`, after a `removed`) every list is empty.
    static func forwardingJSON(_ forwarding: RouteForwarding?) -> JSONOutput {
        let forwarding = forwarding ?? RouteForwarding()
        return .object([
            ("tunnels", .array(forwarding.tunnels.map { .int($0) })),
            ("next_hops", .array(forwarding.nextHops.map { .optional($0) })),
            ("statuses", .array(forwarding.statuses.map { .object([("status", .string($0.status)), ("reason", .optional($0.reason))]) })),
        ])
    }

    /// What `expect` blocks match against: the same content as ``json()``, with every table keyed
    /// by prefix (each prefix holds the array of its rows). See ``ExpectationView/keyed(_:)``.
    public func expectationView() -> JSONOutput {
        ExpectationView.keyed(json())
    }

    /// `{"vco-…/N": {"negotiation", "ipsec", "peer_silent", "reason", "bgp", "data_center_bgp", "received",
    /// "advertised", "last_error"}}`: stable snake_case codes (`up`/`down`, `dpd_timeout`, `established`).
    func tunnelsJSON() -> JSONOutput {
        .object(tunnels.map { tunnel in
            (tunnel.name, .object([
                ("negotiation", .string(tunnel.negotiation.code)),
                ("ipsec", .string(tunnel.ipsecUp ? "up" : "down")),
                ("peer_silent", .bool(tunnel.silent)),
                ("reason", .optional(tunnel.downReason?.code)),
                ("bgp", .optional(tunnel.cloudBGP?.code)),
                ("data_center_bgp", .optional(tunnel.dataCenterBGP?.code)),
                ("received", .int(tunnel.received)),
                ("advertised", .int(tunnel.advertised)),
                ("last_error", .optional(tunnel.lastError)),
            ]))
        })
    }

    /// A route a data-center router received: its prefix and path attributes.
    static func dataCenterRow(prefix: IPv4Prefix, attributes: PathAttributes) -> JSONOutput {
        .object([
            ("prefix", .string(prefix.description)),
            ("as_path", TablesJSON.asPath(attributes.asPath ?? ASPath(sequence: []))),
            ("next_hop", .optional(attributes.nextHop.map(\.description))),
            ("communities", .array(attributes.communities.map { .string($0.description) })),
            ("origin", .string("\(attributes.origin ?? .incomplete)")),
            ("med", attributes.multiExitDiscriminator.map { .int(Int($0)) } ?? .null),
        ])
    }
}

import BGPSession
import BGPWire
import CloudRouting
import NetworkPrimitives
import Topology

extension SimulationState {
    /// `simulate --json`: `{"time_ms", "tunnels", "transit_router", "connections", "data_centers"}`.
    /// The tables have the shape of ``TablesJSON/tables(_:)`` (arrays of rows); documented in the README.
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

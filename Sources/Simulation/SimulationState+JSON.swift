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
    /// by prefix (each prefix holds the array of its rows).
    public func expectationView() -> JSONOutput {
        func keyed(_ rows: [JSONOutput]) -> JSONOutput {
            var order: [String] = []
            var byPrefix: [String: [JSONOutput]] = [:]
            for row in rows {
                guard case .object(let members) = row, case .string(let prefix)? = members.first(where: { $0.key == "prefix" })?.value else { continue }
                if byPrefix[prefix] == nil { order.append(prefix) }
                byPrefix[prefix, default: []].append(row)
            }
            return .object(order.map { ($0, .array(byPrefix[$0] ?? [])) })
        }
        func rows(_ value: JSONOutput) -> [JSONOutput] {
            if case .array(let rows) = value { rows } else { [] }
        }
        func map(_ value: JSONOutput, _ transform: (JSONOutput) -> JSONOutput) -> JSONOutput {
            guard case .object(let members) = value else { return value }
            return .object(members.map { ($0.key, transform($0.value)) })
        }
        guard case .object(let members) = json() else { return .null }
        return .object(members.compactMap { member -> (key: String, value: JSONOutput)? in
            switch member.key {
            case "transit_router":
                return (member.key, map(member.value) { keyed(rows($0)) })
            case "connections", "data_centers":
                return (member.key, map(member.value) { map($0) { keyed(rows($0)) } })
            case "time_ms":
                return nil
            default:
                return member
            }
        })
    }

    func tunnelsJSON() -> JSONOutput {
        .object(tunnels.map { tunnel in
            (tunnel.name, .object([
                ("ipsec", .string(tunnel.ipsecUp ? (tunnel.silent ? "up (peer silent)" : "up") : "down")),
                ("reason", .optional(tunnel.downReason)),
                ("bgp", .optional(tunnel.cloudBGP.map { "\($0)" })),
                ("data_center_bgp", .optional(tunnel.dataCenterBGP.map { "\($0)" })),
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

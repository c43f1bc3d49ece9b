import Simulation
import Topology

/// The shape `expect` blocks are matched against (`Topologies/README.md`, "Expectations"), made from
/// a state in the shape of `simulate --json`. The simulator (``SimulationState/expectationView()``)
/// and the live lab (`transit-bgp verify --lab`, which builds the same shape from the speaker's
/// control socket and FRR) both go through ``keyed(_:)``, so a block means the same thing to both.
public enum ExpectationView {
    /// `{"tunnels", "transit_router", "connections", "data_centers"}` with every table keyed by
    /// prefix: `{PREFIX: [ROW, ...]}` in table order (a prefix's rows keep their order). Members other
    /// than these four (such as `time_ms`) are dropped; `tunnels` is kept as it is.
    ///
    /// - Parameter state: `{"tunnels": {...}, "transit_router": {TABLE: [ROW]}, "connections":
    ///   {ID: {"destination": [ROW], "bgp": [ROW]}}, "data_centers": {NAME: {"1": [ROW], "2": [ROW]}}}`.
    public static func keyed(_ state: JSONOutput) -> JSONOutput {
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
        guard case .object(let members) = state else { return .null }
        return .object(members.compactMap { member -> (key: String, value: JSONOutput)? in
            switch member.key {
            case "transit_router":
                return (member.key, map(member.value) { keyed(rows($0)) })
            case "connections", "data_centers":
                return (member.key, map(member.value) { map($0) { keyed(rows($0)) } })
            case "tunnels":
                return member
            default:
                return nil
            }
        })
    }
}

extension ExpectationMatcher {
    /// Every difference between an `expect` block and a view made by ``ExpectationView/keyed(_:)``,
    /// key by key (`tunnels`, `transit_router`, `connections`, `data_centers`) in that order.
    public static func mismatches(of expectation: Expectation, in view: JSONOutput) -> [Mismatch] {
        guard case .object(let members) = view, let block = expectation.match.value.objectValue else { return [] }
        var found: [Mismatch] = []
        for key in Expectation.matchedKeys {
            guard let wanted = block[key] else { continue }
            found += mismatches(wanted, members.first { $0.key == key }?.value, path: key)
        }
        return found
    }
}

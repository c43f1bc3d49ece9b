// The live lab's state in the shape of `simulate --json`, built from what the speaker's control socket
// and FRR's vtysh answer, so `transit-bgp verify --lab` matches `expect` blocks with the simulator's
// code (`ExpectationView.keyed`, `ExpectationMatcher`).

import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// What `transit-bgp verify --lab` and `lab status` read from a running lab, parsed but not yet
/// interpreted. Every JSON value is the text a command printed, parsed with ``JSONParser``.
public struct LabObservation: Sendable {
    /// One data center's bgpd.
    public struct DataCenter: Sendable {
        /// `show bgp summary json`; nil when bgpd did not answer.
        public var summary: JSONNode?
        /// `show bgp ipv4 unicast json detail`; nil when bgpd did not answer or was not asked.
        public var routes: JSONNode?

        public init(summary: JSONNode?, routes: JSONNode?) {
            self.summary = summary
            self.routes = routes
        }
    }

    /// The speaker's `show sessions --json`.
    public var sessions: JSONNode
    /// The speaker's `show tables --json`; nil when not asked (`lab status`).
    public var tables: JSONNode?
    /// By ``LabPlan/DataCenter/role``.
    public var dataCenters: [String: DataCenter]
    /// Tunnels (`vco-…/N`) that `lab fault` made silent or took down: the cloud may still count
    /// them up until dead peer detection notices.
    public var faultedTunnels: Set<String>

    /// Per tunnel (`vco-…/N`), its IPsec as the cloud's charon holds it; nil for a lab without IPsec.
    public var ipsec: [String: LabTunnelIPsec]?

    public init(sessions: JSONNode, tables: JSONNode?, dataCenters: [String: DataCenter], faultedTunnels: Set<String>,
                ipsec: [String: LabTunnelIPsec]? = nil) {
        self.ipsec = ipsec
        self.sessions = sessions
        self.tables = tables
        self.dataCenters = dataCenters
        self.faultedTunnels = faultedTunnels
    }
}

/// Maps a ``LabObservation`` onto the simulator's vocabulary (README, "Lab"):
///
/// - `tunnels`: `ipsec` is `down` when the cloud's charon has no installed CHILD_SA for it (with
///   IPsec; `reason` then says why, in the simulator's codes) or the speaker declared the tunnel down
///   (`tunnel … down` or dead peer detection), `up` otherwise; `peer_silent` is true while a fault
///   from `lab fault` is on; `negotiation` (with IPsec only) is `phase2_succeeded` while the SA is up,
///   else the reason charon gave (`peer_not_responding` after DPD or a shutdown); `reason`,
///   `received`, `advertised` and `last_error` are the speaker's, `bgp` its session state as a
///   code (`established`); `data_center_bgp` is FRR's state for the neighbor as a code
///   (``normalizedFRRState(_:)``).
/// - `transit_router` and `connections`: the speaker's `show tables --json` as it is (the same code
///   prints both).
/// - `data_centers`: per data center with a `data_centers` entry, per tunnel, the paths FRR holds
///   from that tunnel's neighbor (`peer.peerId` = the cloud's address), with the AS path, next hop,
///   communities, origin and MED of the simulator's rows, sorted by prefix.
public enum LabView {
    /// The state in the shape of `simulate --json`, without `time_ms`.
    public static func state(plan: LabPlan, observation: LabObservation) -> JSONOutput {
        var members: [(key: String, value: JSONOutput)] = [("tunnels", tunnels(plan: plan, observation: observation))]
        if let tables = observation.tables.flatMap({ output($0) }), case .object(let tableMembers) = tables {
            for key in ["transit_router", "connections"] {
                members.append((key, tableMembers.first { $0.key == key }?.value ?? .object([])))
            }
        }
        members.append(("data_centers", dataCenters(plan: plan, observation: observation)))
        return .object(members)
    }

    /// `{"vco-…/N": {"ipsec", "reason", "bgp", "data_center_bgp", "received", "advertised", "last_error"}}`
    /// for every session the speaker reports.
    public static func tunnels(plan: LabPlan, observation: LabObservation) -> JSONOutput {
        let sessions = observation.sessions.value.objectValue?["sessions"]?.value.arrayValue ?? []
        return .object(sessions.compactMap { node -> (key: String, value: JSONOutput)? in
            guard let session = node.value.objectValue, let connection = session["connection"]?.value.stringValue,
                let index = session["tunnel"]?.value.numberValue?.int
            else { return nil }
            let name = "\(connection)/\(index)"
            var tunnelUp = session["tunnel_up"]?.value.boolValue ?? false
            var reason = tunnelUp ? .null : session["tunnel_down_reason"].map { output($0) } ?? .null
            if let sa = observation.ipsec?[name], !sa.isUp {
                // With IPsec the cloud's charon decides first, in the simulator's words; with its SA up,
                // the speaker's own view (an operator's `tunnel … down`) still counts.
                tunnelUp = false
                reason = .string(sa.reason)
            }
            var dataCenterState: JSONOutput = .null
            if let tunnel = plan.tunnel(named: name), let dataCenter = plan.dataCenter(of: connection),
                let state = frrPeer(observation.dataCenters[dataCenter.role]?.summary, tunnel.cloudAddress)?["state"]?.value.stringValue
            {
                dataCenterState = .string(normalizedFRRState(state))
            }
            let negotiation = observation.ipsec?[name]?.negotiationCode
            var members: [(key: String, value: JSONOutput)] = []
            // Without IPsec the lab has no negotiation to observe: the key is left out (an expectation
            // that names it does not match).
            if let negotiation { members.append(("negotiation", .string(negotiation))) }
            return (name, .object(members + [
                ("ipsec", .string(tunnelUp ? "up" : "down")),
                ("peer_silent", .bool(observation.faultedTunnels.contains(name))),
                ("reason", reason),
                ("bgp", session["state"]?.value.stringValue.map { .string(bgpCode($0)) } ?? .null),
                ("data_center_bgp", dataCenterState),
                ("received", session["received_prefixes"].map { output($0) } ?? .int(0)),
                ("advertised", session["advertised_prefixes"].map { output($0) } ?? .int(0)),
                ("last_error", session["last_error"].map { output($0) } ?? .null),
            ]))
        })
    }

    /// `{NAME: {"1": [ROW], "2": [ROW]}}` for every data center of the plan that has a name.
    public static func dataCenters(plan: LabPlan, observation: LabObservation) -> JSONOutput {
        .object(plan.dataCenters.compactMap { dataCenter -> (key: String, value: JSONOutput)? in
            guard let name = dataCenter.name else { return nil }
            let routes = observation.dataCenters[dataCenter.role]?.routes
            return (name, .object(dataCenter.tunnels.map { tunnel in
                (String(tunnel.index), .array(receivedRows(routes, from: tunnel.cloudAddress)))
            }))
        })
    }

    /// The rows of the paths that `show bgp ipv4 unicast json detail` holds from `peer`, sorted by prefix:
    /// `{"prefix", "as_path", "next_hop", "communities", "origin", "med"}` as in `simulate --json`.
    public static func receivedRows(_ routes: JSONNode?, from peer: IPv4Address) -> [JSONOutput] {
        let table = routes?.value.objectValue?["routes"]?.value.objectValue
        var rows: [(IPv4Prefix, JSONOutput)] = []
        for member in table?.members ?? [] {
            guard let prefix = IPv4Prefix(member.key) else { continue }
            for path in member.value.value.arrayValue ?? [] {
                guard let path = path.value.objectValue,
                    path["peer"]?.value.objectValue?["peerId"]?.value.stringValue == peer.description
                else { continue }
                rows.append((prefix, row(prefix: prefix, path: path)))
            }
        }
        return rows.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// FRR's neighbor states as the simulator's `data_center_bgp` codes (RFC 4271 §8 states in
    /// snake_case, ``BGPSession/SessionState/code``): `Idle (Admin)` and the like keep their first
    /// word (`idle`); `Clearing` and `Deleted` (FRR's own states while a session is torn down) are `idle`.
    public static func normalizedFRRState(_ state: String) -> String {
        let word = String(state.split(separator: " ").first ?? "")
        switch word {
        case "Clearing", "Deleted", "": return SessionState.idle.code
        default: return bgpCode(word)
        }
    }

    /// `established`: the code of a session that is up.
    public static let establishedCode = SessionState.established.code

    /// A session state named as RFC 4271 does (`OpenSent`, the speaker's control socket) as its
    /// code (`open_sent`); a name that is no state is kept as it is.
    public static func bgpCode(_ name: String) -> String {
        SessionState(name: name)?.code ?? name
    }

    /// The neighbor `address` of `show bgp summary json` (IPv4 unicast).
    public static func frrPeer(_ summary: JSONNode?, _ address: IPv4Address) -> JSONObject? {
        summary?.value.objectValue?["ipv4Unicast"]?.value.objectValue?["peers"]?.value.objectValue?[address.description]?.value.objectValue
    }

    /// A parsed JSON value as output, numbers that are not integers kept as their text.
    public static func output(_ node: JSONNode) -> JSONOutput {
        switch node.value {
        case .object(let object): .object(object.members.map { ($0.key, output($0.value)) })
        case .array(let elements): .array(elements.map(output))
        case .string(let text): .string(text)
        case .number(let number): number.int.map(JSONOutput.int) ?? .string(number.text)
        case .bool(let flag): .bool(flag)
        case .null: .null
        }
    }

    private static func row(prefix: IPv4Prefix, path: JSONObject) -> JSONOutput {
        var asPath: [JSONOutput] = []
        for segment in path["aspath"]?.value.objectValue?["segments"]?.value.arrayValue ?? [] {
            let object = segment.value.objectValue
            let asns = (object?["list"]?.value.arrayValue ?? []).compactMap { $0.value.numberValue?.int }.map(JSONOutput.int)
            switch object?["type"]?.value.stringValue {
            case "as-set", "as-confed-set": asPath.append(.array(asns))
            default: asPath += asns
            }
        }
        let nextHop = path["nexthops"]?.value.arrayValue?.first?.value.objectValue?["ip"]?.value.stringValue
        // `community.string` spells well-known communities as RFC 1997 names (`no-export`); its
        // `list` uses FRR's own (`noExport`).
        let text = path["community"]?.value.objectValue?["string"]?.value.stringValue ?? ""
        let communities = text.split(separator: " ").map { word in
            JSONOutput.string(Community(String(word))?.description ?? String(word))
        }
        let origin = path["origin"]?.value.stringValue?.lowercased() ?? "incomplete"
        return .object([
            ("prefix", .string(prefix.description)),
            ("as_path", .array(asPath)),
            ("next_hop", .optional(nextHop)),
            ("communities", .array(communities)),
            ("origin", .string(origin)),
            ("med", path["metric"]?.value.numberValue?.int.map(JSONOutput.int) ?? .null),
        ])
    }
}

/// One tunnel's IPsec as the cloud's charon holds it (`swanctl --list-sas`, its log).
public struct LabTunnelIPsec: Sendable, Hashable {
    /// The IKE SA's state (`ESTABLISHED`, `CONNECTING`, …); nil without an IKE SA.
    public var ikeState: String?
    /// The CHILD_SA's state (`INSTALLED`, …); nil without one.
    public var childState: String?
    /// Why it is not up, in the simulator's words: a ``NegotiationState`` code (`psk_mismatch`,
    /// `peer_not_responding`, …), `dpd_timeout`, `administratively_down` or `negotiating`.
    public var reason: String

    public init(ikeState: String?, childState: String?, reason: String) {
        self.ikeState = ikeState
        self.childState = childState
        self.reason = reason
    }

    /// IKE established and the CHILD_SA installed: the tunnel carries traffic.
    public var isUp: Bool { ikeState == "ESTABLISHED" && (childState == "INSTALLED" || childState == "REKEYING" || childState == "REKEYED") }

    /// The negotiation state as a code (reference §10 item 13): `phase2_succeeded` while up, else
    /// the reason's negotiation code; `peer_not_responding` after dead peer detection or a shutdown
    /// (nothing answers IKE).
    public var negotiationCode: String {
        if isUp { return NegotiationState.phase2Succeeded.code }
        if reason == TunnelDownReason.dpdTimeout.code || reason == TunnelDownReason.administrativelyDown.code {
            return NegotiationState.peerNotResponding.code
        }
        return reason
    }

    /// The console's words: "Phase 2 Negotiations Succeeded", "Phase 1 negotiation failed: …".
    public var consoleText: String {
        if isUp { return NegotiationState.phase2Succeeded.description }
        return NegotiationState(rawValue: reason)?.description ?? reason
    }
}

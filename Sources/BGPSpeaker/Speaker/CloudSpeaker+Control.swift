import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Reports
import Topology

/// The control socket (a Unix stream socket, mode 0600): one request line per connection, one reply.
///
/// A request is one line: a JSON array of strings (what ``ControlClient`` sends, so any UTF-8 text
/// arrives exactly), or, typed by hand, words separated by spaces. The words:
/// `show sessions|routes|tables|counts [json]`, `tunnel CONNECTION/N down|up`,
/// `set CONNECTION SETTING on|off`, `shutdown CONNECTION/N [MESSAGE]`, `start CONNECTION/N`,
/// `refresh CONNECTION/N` (send a ROUTE-REFRESH: the peer re-sends its routes, RFC 2918 §3).
/// The reply's first line is `ok` or `error: …`; the rest is the output.
extension CloudSpeaker {
    func controlClient(_ client: TCPConnection) {
        var buffer: [UInt8] = []
        client.onRead = { [unowned self, unowned client] bytes in
            buffer += bytes
            guard let newline = buffer.firstIndex(of: 10) else {
                if buffer.count > Self.maximumRequestBytes { client.abort() }
                return
            }
            let reply: String
            switch Self.requestWords(Array(buffer[..<newline])).flatMap({ self.control($0) }) {
            case .success(let output): reply = "ok\n" + output
            case .failure(let error): reply = "error: \(error.message)\n"
            }
            client.write(Array(reply.utf8))
            client.close()
        }
    }

    /// A refused control request, with the reason.
    struct ControlError: Error {
        var message: String
    }

    /// The longest request line accepted.
    static let maximumRequestBytes = 65536

    /// The words of a request line: a JSON array of strings, or words separated by spaces.
    static func requestWords(_ line: [UInt8]) -> Result<[String], ControlError> {
        guard line.first == UInt8(ascii: "[") else {
            return .success(String(decoding: line, as: UTF8.self).split(separator: " ").map(String.init))
        }
        let node: JSONNode
        do {
            node = try JSONParser.parse(line, maximumDepth: 2, maximumBytes: maximumRequestBytes)
        } catch {
            return .failure(ControlError(message: "request: not a JSON array of strings: \(error.message)"))
        }
        guard case .array(let items) = node.value else {
            return .failure(ControlError(message: "request: expected a JSON array of strings"))
        }
        var words: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let word) = item.value else {
                return .failure(ControlError(message: "request: item \(index) is \(item.value.kindDescription), expected a string"))
            }
            words.append(word)
        }
        return .success(words)
    }

    /// Runs one control request on the loop thread.
    func control(_ words: [String]) -> Result<String, ControlError> {
        guard let verb = words.first else { return .failure(ControlError(message: "empty request")) }
        switch verb {
        case "show":
            let json = words.contains("json")
            switch words.dropFirst().first {
            case "sessions": return .success(json ? Self.answer("show sessions", sessionsJSON()) : sessionsText())
            case "routes":
                let tables = model.tables
                if json {
                    let connections = JSONOutput.object(tables.connections.keys.sorted().map { ($0, TablesJSON.connection(tables.connections[$0]!)) })
                    return .success(Self.answer("show routes", .object([("connections", connections)])))
                }
                return .success(routesText(tables))
            case "tables":
                return .success(Self.answer("show tables", TablesJSON.tables(model.tables)))
            case "counts":
                return .success(json ? Self.answer("show counts", countsJSON()) : countsText())
            default:
                return .failure(ControlError(message: "show: expected sessions, routes, tables or counts, got \(words.dropFirst().first ?? "nothing")"))
            }
        case "tunnel":
            guard words.count == 3, let peer = peers[words[1]], ["up", "down"].contains(words[2]) else {
                return .failure(ControlError(message: "tunnel: expected CONNECTION/N down|up with a known tunnel (\(peers.keys.sorted().joined(separator: ", ")))"))
            }
            return .success(setTunnel(peer, up: words[2] == "up"))
        case "set":
            guard words.count == 4, let setting = AdvancedSetting(rawValue: words[2]), ["on", "off"].contains(words[3]) else {
                return .failure(ControlError(message: "set: expected CONNECTION advertise-routes|associate-default-table|propagate-default-table on|off"))
            }
            guard model.connections[words[1]] != nil else {
                return .failure(ControlError(message: "set: no connection \(words[1]) (known: \(model.connections.keys.sorted().joined(separator: ", ")))"))
            }
            let changes = model.set(setting, words[3] == "on", connection: words[1])
            for id in model.connections.keys { resynchronize(connection: id) }
            log.write("speaker", "set \(words[1]) \(setting.rawValue) \(words[3]): \(changes.count) rows changed")
            return .success("\(changes.count) rows changed\n")
        case "shutdown":
            guard words.count >= 2, let peer = peers[words[1]] else {
                return .failure(ControlError(message: "shutdown: expected CONNECTION/N [MESSAGE], a known tunnel"))
            }
            let message = words.dropFirst(2).joined(separator: " ")
            peer.adminDown = true
            drive(peer, .event(.manualStop(shutdownCommunication: message.isEmpty ? nil : message)))
            return .success("\(peer.name) shut down\n")
        case "refresh":
            guard words.count == 2, let peer = peers[words[1]] else {
                return .failure(ControlError(message: "refresh: expected CONNECTION/N, a known tunnel (\(peers.keys.sorted().joined(separator: ", ")))"))
            }
            switch Self.refreshRequest(state: peer.driver.session.state, negotiated: peer.driver.session.negotiated) {
            case .failure(let error):
                return .failure(ControlError(message: "refresh \(peer.name): \(error.message)"))
            case .success(let request):
                drive(peer, .event(.sendRouteRefresh(request)))
                log.write(peer.name, "ROUTE-REFRESH sent (ipv4-unicast): asked the peer to re-send its routes")
                return .success("\(peer.name): route refresh sent\n")
            }
        case "start":
            guard words.count == 2, let peer = peers[words[1]] else {
                return .failure(ControlError(message: "start: expected CONNECTION/N, a known tunnel"))
            }
            peer.adminDown = false
            if !peer.tunnelDown { drive(peer, .event(.manualStart)) }
            return .success("\(peer.name) started\n")
        default:
            return .failure(ControlError(message: "unknown request \(verb)"))
        }
    }

    /// The ROUTE-REFRESH that `refresh` sends (RFC 2918 §3: IPv4 unicast, subtype 0), or why
    /// none can be sent: the session is not Established, or the peer did not advertise the Route
    /// Refresh capability (RFC 2918 §4: "MUST NOT send" then).
    static func refreshRequest(state: SessionState, negotiated: NegotiatedSession?) -> Result<RouteRefreshMessage, ControlError> {
        guard state == .established, let negotiated else {
            return .failure(ControlError(message: "the session is \(state), not Established"))
        }
        guard negotiated.routeRefresh else {
            return .failure(ControlError(message: "the peer did not advertise the Route Refresh capability (RFC 2918 §4)"))
        }
        guard negotiated.families.contains(.ipv4Unicast) else {
            return .failure(ControlError(message: "IPv4 unicast was not negotiated"))
        }
        return .success(RouteRefreshMessage(family: .ipv4Unicast, subtype: .normal))
    }

    /// The IPsec tunnel goes down (its BGP session with it, without a NOTIFICATION: nothing can be
    /// sent) or comes back up (reference §2: only tunnels that are up are next hops).
    func setTunnel(_ peer: TunnelPeer, up: Bool) -> String {
        let id = peer.plan.connectionID
        if up {
            peer.tunnelDown = false
            peer.deadPeerDown = false
            let changes = model.setTunnel(connection: id, tunnel: peer.plan.index, up: true)
            resynchronize(connection: id)
            if !peer.adminDown { drive(peer, .event(.manualStart)) }
            log.write(peer.name, "tunnel up: \(changes.count) rows changed")
            return "\(peer.name) up: \(changes.count) rows changed\n"
        }
        peer.tunnelDown = true
        // Nothing can be sent over a tunnel that is down: the connection goes without a NOTIFICATION.
        if let id = peer.driver.connection, let connection = peer.connections[id] {
            connection.onWritable = nil
            connection.abort()
        }
        drive(peer, .event(.manualStop(shutdownCommunication: nil)))
        let changes = model.setTunnel(connection: id, tunnel: peer.plan.index, up: false, reason: .administrativelyDown)
        resynchronize(connection: id)
        log.write(peer.name, "tunnel down: \(changes.count) rows changed")
        return "\(peer.name) down: \(changes.count) rows changed\n"
    }

    /// A JSON answer: `{"schema_version": 2, "command": "show …", …the object's members}` and a newline,
    /// the envelope of the command line's `--json` (README, "JSON output"). Readers look members up
    /// by name, so the two added in front change nothing for them.
    static func answer(_ command: String, _ value: JSONOutput) -> String {
        guard case .object(let members) = value else { return value.rendered() + "\n" }
        let envelope: [(key: String, value: JSONOutput)] = [("schema_version", .int(JSONOutput.schemaVersion)), ("command", .string(command))]
        return JSONOutput.object(envelope + members).rendered() + "\n"
    }

    /// `show sessions --json`: `{"sessions": [...]}`, documented in the README ("Control socket").
    func sessionsJSON() -> JSONOutput {
        .object([("sessions", .array(peers.values.sorted(by: { $0.name < $1.name }).map { peer in
            .object([
                ("connection", .string(peer.plan.connectionID)),
                ("tunnel", .int(peer.plan.index)),
                ("local_address", .string(peer.plan.localAddress.description)),
                ("peer_address", .string(peer.plan.peerAddress.description)),
                ("local_asn", .int(Int(peer.plan.localASN.rawValue))),
                ("peer_asn", .int(Int(peer.plan.peerASN.rawValue))),
                ("state", .string(peer.session.state.code)),
                ("tunnel_up", .bool(!peer.tunnelDown && !peer.deadPeerDown)),
                ("tunnel_down_reason", .optional(peer.tunnelDown ? "administratively_down" : peer.deadPeerDown ? "dpd_timeout" : nil)),
                ("admin_down", .bool(peer.adminDown)),
                ("received_prefixes", .int(receivedCount(peer))),
                ("advertised_prefixes", .int(peer.driver.adjRIBOut.count)),
                ("unsendable_prefixes", .int(peer.driver.unsendable.count)),
                ("unsendable_reason", .optional(peer.driver.unsendable.values.sorted().first)),
                ("updates_received", .int(peer.driver.updatesReceived)),
                ("route_refreshes_received", .int(peer.driver.routeRefreshesReceived)),
                ("hold_time", .int(Int(peer.session.negotiated?.holdTime.components.seconds ?? 0))),
                ("last_error", .optional(peer.lastError)),
            ])
        }))])
    }

    /// `show counts --json`: `{"transit_router": {TABLE: PREFIXES}, "connections": {ID: {"bgp": PREFIXES,
    /// "received": {"1": N, "2": N}}}}`. Constant time per table, unlike `show tables`, so it can be
    /// polled while a full table arrives (`transit-bgp-bench ingest` does).
    func countsJSON() -> JSONOutput {
        let tables = model.routeTables.keys.sorted().map { ($0, JSONOutput.int(model.prefixCount(transitRouterTable: $0) ?? 0)) }
        let connections = model.connections.keys.sorted().map { id in
            let received = peers.values.filter { $0.plan.connectionID == id }.sorted { $0.plan.index < $1.plan.index }
                .map { (String($0.plan.index), JSONOutput.int(receivedCount($0))) }
            return (id, JSONOutput.object([
                ("bgp", .int(model.bgpPrefixCount(connection: id) ?? 0)),
                ("received", .object(received)),
            ]))
        }
        return .object([("transit_router", .object(tables)), ("connections", .object(connections))])
    }

    func countsText() -> String {
        var lines = ["TABLE PREFIXES"]
        for id in model.routeTables.keys.sorted() { lines.append("\(id) \(model.prefixCount(transitRouterTable: id) ?? 0)") }
        for id in model.connections.keys.sorted() { lines.append("\(id)/bgp \(model.bgpPrefixCount(connection: id) ?? 0)") }
        return lines.joined(separator: "\n") + "\n"
    }

    func sessionsText() -> String {
        var lines = ["TUNNEL LOCAL PEER PEER-AS STATE RECEIVED ADVERTISED UNSENDABLE LAST-ERROR"]
        for peer in peers.values.sorted(by: { $0.name < $1.name }) {
            lines.append("\(peer.name) \(peer.plan.localAddress) \(peer.plan.peerAddress) \(peer.plan.peerASN) \(peer.session.state)\(peer.tunnelDown ? "(tunnel down)" : "")\(peer.deadPeerDown ? "(DPD timeout)" : "")\(peer.adminDown ? "(admin down)" : "") \(receivedCount(peer)) \(peer.driver.adjRIBOut.count) \(peer.driver.unsendable.count) \(peer.lastError ?? "-")")
            if let reason = peer.driver.unsendable.values.sorted().first {
                lines.append("  unsendable: \(reason)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func routesText(_ tables: CloudTables) -> String {
        var lines: [String] = []
        for id in tables.connections.keys.sorted() {
            for (name, rows) in [("destination", tables.connections[id]!.destination), ("bgp", tables.connections[id]!.bgp)] {
                for row in rows {
                    lines.append("\(id)/\(name) \(row.prefix) \(row.source.rawValue) tunnels \(row.tunnels.map(String.init).joined(separator: ",")) [\(row.asPath)] \(row.statusText)")
                    for other in row.otherPaths {
                        lines.append("\(id)/\(name) \(row.prefix) \(row.source.rawValue) other path tunnel \(other.tunnel) [\(other.asPath)] \(other.statusText)")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

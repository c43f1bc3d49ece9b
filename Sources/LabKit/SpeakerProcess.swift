// The `transit-bgp speak` process of an interop lab: started inside the cloud namespace, driven and
// observed through its control socket with `transit-bgp show|set|tunnel|shutdown|start --control`.
// Foundation only: the binary is a process, its JSON is parsed with JSONSerialization.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Locating the binary and the repository

public enum SpeakerBinary {
    /// `<repo>`: this file is `<repo>/Sources/LabKit/SpeakerProcess.swift`.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `transit-bgp` of the same build as the test bundle: `TBGP_TRANSIT_BGP` when set, else next to
    /// the test executable (`.build/<triple>/<config>/`), else `<repo>/.build/debug/transit-bgp`.
    /// Throws (the test fails, never skips) when none exists.
    public static func locate() throws -> String {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["TBGP_TRANSIT_BGP"], !path.isEmpty {
            guard fileManager.isExecutableFile(atPath: path) else {
                throw LabError("TBGP_TRANSIT_BGP=\(path) is not an executable file")
            }
            return path
        }
        var candidates: [String] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath, Bundle.main.bundlePath].compactMap({ $0 }) {
            var url = URL(fileURLWithPath: start).resolvingSymlinksInPath()
            // The bundle may be `X.xctest` (an executable on Linux) or a directory with the executable deeper inside.
            for _ in 0 ..< 4 {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent("transit-bgp").path)
                if url.lastPathComponent == ".build" || url.path == "/" { break }
            }
        }
        candidates.append("\(repositoryRoot)/.build/debug/transit-bgp")
        for path in candidates where fileManager.isExecutableFile(atPath: path) {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { return path }
        }
        throw LabError(
            "transit-bgp not found (looked in \(candidates.joined(separator: ", "))); build it first with "
                + "`swift build --build-tests`, or point TBGP_TRANSIT_BGP at it"
        )
    }
}

// MARK: - Topology files

/// A topology JSON document (loaded from a bundled file) that a test edits, then writes into the lab dir.
public struct SpeakerTopology {
    public var root: [String: Any]

    /// `Topologies/<name>/topology.json` of this repository.
    public static func bundled(_ name: String = "dual-tunnel-bgp") throws -> SpeakerTopology {
        let path = "\(SpeakerBinary.repositoryRoot)/Topologies/\(name)/topology.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw LabError("cannot read \(path)") }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LabError("\(path) is not a JSON object")
        }
        return SpeakerTopology(root: root)
    }

    /// Applies `change` to every element of the array `key` of `object`.
    private static func editArray(
        _ object: inout [String: Any], _ key: String, _ change: (inout [String: Any]) -> Void
    ) {
        var elements = object[key] as? [[String: Any]] ?? []
        for index in elements.indices { change(&elements[index]) }
        object[key] = elements
    }

    /// Every customer gateway.
    public mutating func editCustomerGateways(_ change: (inout [String: Any]) -> Void) {
        Self.editArray(&root, "customer_gateways", change)
    }

    /// Every tunnel of every connection.
    public mutating func editTunnels(_ change: (inout [String: Any]) -> Void) {
        Self.editArray(&root, "ipsec_connections") { connection in
            Self.editArray(&connection, "tunnel_options_specification", change)
        }
    }

    /// Every VPN attachment of the transit router.
    public mutating func editVPNAttachments(_ change: (inout [String: Any]) -> Void) {
        var router = root["transit_router"] as? [String: Any] ?? [:]
        Self.editArray(&router, "vpn_attachments", change)
        root["transit_router"] = router
    }

    /// `tunnel_bgp_config.local_asn` of every tunnel (a number, or an asdot/asplain text).
    public mutating func setLocalASN(_ asn: Any) {
        editTunnels { tunnel in
            var bgp = tunnel["tunnel_bgp_config"] as? [String: Any] ?? [:]
            bgp["local_asn"] = asn
            tunnel["tunnel_bgp_config"] = bgp
        }
    }

    /// `auth_key` (the BGP MD5 key) of every customer gateway; nil removes it.
    public mutating func setAuthKey(_ key: String?) {
        editCustomerGateways { $0["auth_key"] = key }
    }

    /// One of the three advanced settings of every VPN attachment (`route_table_propagation_enabled`, …).
    public mutating func setAttachment(_ key: String, _ value: Bool) {
        editVPNAttachments { $0[key] = value }
    }

    /// Writes the file (pretty, sorted keys) and returns its path.
    public func write(to path: String) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

// MARK: - JSON helpers

/// Loose accessors for JSONSerialization values (numbers arrive as Int, Double or NSNumber).
public enum LooseJSON {
    public static func int(_ value: Any?) -> Int? {
        switch value {
        case let value as Int: value
        case let value as NSNumber: value.intValue
        case let value as Double: Int(value)
        case let value as String: Int(value)
        default: nil
        }
    }

    public static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let value as Bool: value
        case let value as NSNumber: value.boolValue
        default: nil
        }
    }

    /// A string, or nil for JSON null / absent.
    public static func string(_ value: Any?) -> String? {
        value as? String
    }

    public static func ints(_ value: Any?) -> [Int] {
        (value as? [Any] ?? []).compactMap(int)
    }

    public static func strings(_ value: Any?) -> [String] {
        (value as? [Any] ?? []).compactMap { $0 as? String }
    }

    public static func object(_ text: String, what: String) throws -> [String: Any] {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data),
            let dictionary = object as? [String: Any]
        else { throw LabError("\(what) did not answer a JSON object: \(LabCommand.clip(text, limit: 800))") }
        return dictionary
    }
}

/// One element of `show sessions --json`.
public struct SpeakerSession: Sendable, CustomStringConvertible {
    public let connection: String
    public let tunnel: Int
    public let localAddress: String
    public let peerAddress: String
    public let localASN: Int?
    public let peerASN: Int?
    /// The session's RFC 4271 state name (`Established`), read from the JSON's code (`established`).
    public let state: String
    public let tunnelUp: Bool?
    /// `administratively_down`, `dpd_timeout`, or nil when the tunnel is up.
    public let tunnelDownReason: String?
    public let adminDown: Bool?
    public let receivedPrefixes: Int?
    public let advertisedPrefixes: Int?
    public let holdTime: Int?
    public let lastError: String?
    /// Routes withheld because they cannot be encoded for this peer (issue 15 #1), and why.
    public let unsendablePrefixes: Int?
    public let unsendableReason: String?
    /// UPDATE messages received on the session.
    public let updatesReceived: Int?

    public init(json: [String: Any]) {
        connection = json["connection"] as? String ?? "?"
        tunnel = LooseJSON.int(json["tunnel"]) ?? 0
        localAddress = json["local_address"] as? String ?? "?"
        peerAddress = json["peer_address"] as? String ?? "?"
        localASN = LooseJSON.int(json["local_asn"])
        peerASN = LooseJSON.int(json["peer_asn"])
        state = SpeakerSession.rfcName(json["state"] as? String ?? "?")
        tunnelUp = LooseJSON.bool(json["tunnel_up"])
        tunnelDownReason = LooseJSON.string(json["tunnel_down_reason"])
        adminDown = LooseJSON.bool(json["admin_down"])
        receivedPrefixes = LooseJSON.int(json["received_prefixes"])
        advertisedPrefixes = LooseJSON.int(json["advertised_prefixes"])
        holdTime = LooseJSON.int(json["hold_time"])
        lastError = LooseJSON.string(json["last_error"])
        unsendablePrefixes = LooseJSON.int(json["unsendable_prefixes"])
        unsendableReason = LooseJSON.string(json["unsendable_reason"])
        updatesReceived = LooseJSON.int(json["updates_received"])
    }

    /// `vco-dc1/1`
    public var name: String { "\(connection)/\(tunnel)" }

    /// The RFC 4271 name (`OpenSent`) of a state code of the control socket (`open_sent`); anything
    /// else as it is. ``state`` holds the name, as FRR, BIRD and OpenBGPD print theirs.
    public static func rfcName(_ code: String) -> String {
        let names = ["idle": "Idle", "connect": "Connect", "active": "Active", "open_sent": "OpenSent",
                     "open_confirm": "OpenConfirm", "established": "Established"]
        return names[code] ?? code
    }

    public var description: String {
        "\(name) \(localAddress)->\(peerAddress) AS\(localASN.map(String.init) ?? "?")->AS\(peerASN.map(String.init) ?? "?") "
            + "\(state) tunnel_up=\(tunnelUp.map(String.init) ?? "-")\(tunnelDownReason.map { " (\($0))" } ?? "") admin_down=\(adminDown.map(String.init) ?? "-") "
            + "rcvd=\(receivedPrefixes.map(String.init) ?? "-") adv=\(advertisedPrefixes.map(String.init) ?? "-") "
            + "hold=\(holdTime.map(String.init) ?? "-") last_error=\(lastError ?? "null")"
    }
}

/// One row of a connection's destination-based or BGP table.
public struct SpeakerRouteRow: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    /// `VPN_BGP`, `CLOUD`, `custom`, `policy`
    public let source: String
    public let tunnels: [Int]
    public let asPath: [Int]
    public let communities: [String]
    /// `Active`, `Standby`, `Rejected`, `published`
    public let status: String
    public let reason: String?

    public init(json: [String: Any]) {
        prefix = json["prefix"] as? String ?? "?"
        source = json["source"] as? String ?? "?"
        tunnels = LooseJSON.ints(json["tunnels"])
        asPath = LooseJSON.ints(json["as_path"])
        communities = LooseJSON.strings(json["communities"])
        status = json["status"] as? String ?? "?"
        reason = LooseJSON.string(json["reason"])
    }

    public var description: String {
        "\(prefix) \(source) tunnels=\(tunnels) as_path=\(asPath) communities=\(communities) \(status)"
            + (reason.map { " (\($0))" } ?? "")
    }
}

/// One connection of `show routes --json`.
public struct SpeakerConnectionTables: Sendable, CustomStringConvertible {
    public let destination: [SpeakerRouteRow]
    public let bgp: [SpeakerRouteRow]

    public init(json: [String: Any]) {
        destination = (json["destination"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map(SpeakerRouteRow.init)
        bgp = (json["bgp"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map(SpeakerRouteRow.init)
    }

    /// The BGP-table rows of one prefix.
    public func bgpRows(_ prefix: String) -> [SpeakerRouteRow] { bgp.filter { $0.prefix == prefix } }

    public var description: String {
        "destination: [\(destination.map(\.description).joined(separator: "; "))] bgp: [\(bgp.map(\.description).joined(separator: "; "))]"
    }
}

/// One row of a transit-router route table.
public struct SpeakerTRRow: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    public let type: String
    public let nextHop: String?
    /// `Attachment` or `BlackHole`.
    public let nextHopType: String?
    /// VPC, VPN, VBR, TR or CCN.
    public let nextHopResourceType: String?
    public let originType: String?
    public let asPath: [Int]
    public let communities: [String]
    public let preference: Int?
    public let status: String
    public let reason: String?

    public init(json: [String: Any]) {
        prefix = json["prefix"] as? String ?? "?"
        type = json["type"] as? String ?? "?"
        nextHop = LooseJSON.string(json["next_hop"])
        nextHopType = LooseJSON.string(json["next_hop_type"])
        nextHopResourceType = LooseJSON.string(json["next_hop_resource_type"])
        originType = LooseJSON.string(json["origin_type"])
        asPath = LooseJSON.ints(json["as_path"])
        communities = LooseJSON.strings(json["communities"])
        preference = LooseJSON.int(json["preference"])
        status = json["status"] as? String ?? "?"
        reason = LooseJSON.string(json["reason"])
    }

    public var description: String {
        "\(prefix) \(type) via \(nextHop ?? "-") (\(nextHopType ?? "-") \(nextHopResourceType ?? "-")) origin=\(originType ?? "-") as_path=\(asPath) \(status)"
    }
}

/// `show tables --json`.
public struct SpeakerTables: Sendable, CustomStringConvertible {
    /// Route table id → rows.
    public let transitRouter: [String: [SpeakerTRRow]]
    public let connections: [String: SpeakerConnectionTables]

    public init(json: [String: Any]) {
        var router: [String: [SpeakerTRRow]] = [:]
        for (table, rows) in json["transit_router"] as? [String: Any] ?? [:] {
            router[table] = (rows as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map(SpeakerTRRow.init)
        }
        transitRouter = router
        connections = SpeakerProcess.connections(json["connections"])
    }

    /// Rows of `prefix` in the TR table `table`.
    public func trRows(_ prefix: String, table: String = "vtb-default") -> [SpeakerTRRow] {
        (transitRouter[table] ?? []).filter { $0.prefix == prefix }
    }

    public var description: String {
        transitRouter.keys.sorted().map { "\($0): [\(transitRouter[$0]!.map(\.description).joined(separator: "; "))]" }
            .joined(separator: " ") + " connections: " + connections.keys.sorted().map { "\($0) \(connections[$0]!)" }.joined(separator: " ")
    }
}

// MARK: - The process

/// `transit-bgp speak TOPOLOGY --control SOCKET …` in a lab namespace, with its log in the lab dir.
public final class SpeakerProcess {
    public let lab: Lab
    public let namespace: LabNamespace
    public let name: String
    public let binary: String
    public let topologyPath: String
    /// `<lab dir>/<name>.sock`
    public let controlPath: String
    /// stdout + stderr of the speaker (one line per session event).
    public var logPath: String { "\(lab.directory)/\(name).log" }
    public let arguments: [String]
    public private(set) var process: LabProcess?
    /// Timeout of one control command.
    public var commandTimeout: Duration = .seconds(10)

    /// Writes nothing yet; `start()` launches. `holdTime`/`connectRetry` in seconds (nil: the speaker's defaults).
    public init(
        lab: Lab, namespace: LabNamespace, topologyPath: String, name: String = "speaker",
        holdTime: Int? = 9, connectRetry: Int? = 1, extraArguments: [String] = []
    ) throws {
        self.lab = lab
        self.namespace = namespace
        self.name = name
        self.binary = try SpeakerBinary.locate()
        self.topologyPath = topologyPath
        self.controlPath = "\(lab.directory)/\(name).sock"
        var arguments = [binary, "speak", topologyPath, "--control", controlPath]
        if let holdTime { arguments += ["--hold-time", String(holdTime)] }
        if let connectRetry { arguments += ["--connect-retry", String(connectRetry)] }
        self.arguments = arguments + extraArguments
    }

    /// Validates the topology with `transit-bgp validate` (a clear error for a bad generated file),
    /// starts the speaker in the namespace and waits until its control socket answers.
    @discardableResult
    public func start(timeout: Duration = .seconds(15)) async throws -> Duration {
        guard process == nil else { throw LabError("\(name): already started") }
        let clock = ContinuousClock()
        let begin = clock.now
        let validation = try LabCommand.run([binary, "validate", topologyPath], timeout: commandTimeout)
        guard validation.succeeded else {
            throw LabError("\(name): the generated topology does not validate: \(validation)\n--- \(topologyPath)\n"
                + ((try? String(contentsOfFile: topologyPath, encoding: .utf8)) ?? ""))
        }
        process = try lab.spawn(in: namespace, arguments, name: name)
        let deadline = begin + timeout
        var lastError = "no answer yet"
        while true {
            // A speaker that exited fails the start at once, with its log (a usage error, a refused topology).
            guard let process, process.isAlive else {
                throw LabError("\(name) exited with status \(process?.reap().map(String.init) ?? "?") before its control socket answered\n\(diagnostics())")
            }
            do {
                _ = try sessions()
                break
            } catch {
                lastError = String(describing: error)
            }
            guard clock.now < deadline else {
                throw LabError("\(name): control socket \(controlPath) did not answer within \(timeout): \(lastError)\n\(diagnostics())")
            }
            try await Task.sleep(for: .milliseconds(50))  // poll interval; the loop ends at `deadline`
        }
        return clock.now - begin
    }

    public var isRunning: Bool { process?.isAlive ?? false }

    /// SIGTERM (the speaker sends every peer Cease/Administrative Shutdown), SIGKILL after `grace`.
    /// Returns the exit status (128 + N after signal N), nil if it was not running.
    @discardableResult
    public func stop(grace: Duration = .seconds(5)) -> Int32? {
        guard let process else { return nil }
        process.stop(grace: grace)
        return process.reap()
    }

    // MARK: Control commands

    /// `transit-bgp WORDS… --control SOCKET [--json]`, run from this (the root) namespace; throws on failure.
    @discardableResult
    public func control(_ words: [String], json: Bool = false) throws -> String {
        var arguments = [binary] + words + ["--control", controlPath]
        if json { arguments.append("--json") }
        let result = try LabCommand.run(arguments, timeout: commandTimeout)
        guard result.succeeded else { throw LabError("\(name): control command failed: \(result)") }
        return result.stdout
    }

    public func sessions() throws -> [SpeakerSession] {
        let object = try LooseJSON.object(try control(["show", "sessions"], json: true), what: "show sessions --json")
        guard let sessions = object["sessions"] as? [Any] else {
            throw LabError("show sessions --json: no \"sessions\" array in \(object.keys.sorted())")
        }
        return sessions.compactMap { $0 as? [String: Any] }.map(SpeakerSession.init)
    }

    public func session(_ connection: String, tunnel: Int) throws -> SpeakerSession {
        let all = try sessions()
        guard let session = all.first(where: { $0.connection == connection && $0.tunnel == tunnel }) else {
            throw LabError("no session \(connection)/\(tunnel) in `show sessions` (\(all.map(\.name)))")
        }
        return session
    }

    public static func connections(_ value: Any?) -> [String: SpeakerConnectionTables] {
        var connections: [String: SpeakerConnectionTables] = [:]
        for (id, tables) in value as? [String: Any] ?? [:] {
            if let tables = tables as? [String: Any] { connections[id] = SpeakerConnectionTables(json: tables) }
        }
        return connections
    }

    /// `show routes --json`: connection id → its tables.
    public func routes() throws -> [String: SpeakerConnectionTables] {
        let object = try LooseJSON.object(try control(["show", "routes"], json: true), what: "show routes --json")
        guard object["connections"] is [String: Any] else {
            throw LabError("show routes --json: no \"connections\" object in \(object.keys.sorted())")
        }
        return Self.connections(object["connections"])
    }

    public func routes(of connection: String) throws -> SpeakerConnectionTables {
        let all = try routes()
        guard let tables = all[connection] else {
            throw LabError("no connection \(connection) in `show routes` (\(all.keys.sorted()))")
        }
        return tables
    }

    /// `show tables --json`.
    public func tables() throws -> SpeakerTables {
        let object = try LooseJSON.object(try control(["show", "tables"], json: true), what: "show tables --json")
        guard object["transit_router"] is [String: Any] else {
            throw LabError("show tables --json: no \"transit_router\" object in \(object.keys.sorted())")
        }
        return SpeakerTables(json: object)
    }

    /// `tunnel CONNECTION/N down|up`.
    public func setTunnel(_ connection: String, _ tunnel: Int, up: Bool) throws {
        try control(["tunnel", "\(connection)/\(tunnel)", up ? "up" : "down"])
    }

    /// `set CONNECTION advertise-routes|associate-default-table|propagate-default-table on|off`.
    public func set(_ connection: String, _ setting: String, _ on: Bool) throws {
        try control(["set", connection, setting, on ? "on" : "off"])
    }

    /// `shutdown CONNECTION/N [--message TEXT]` (RFC 8203).
    public func shutdown(_ connection: String, _ tunnel: Int, message: String?) throws {
        try control(["shutdown", "\(connection)/\(tunnel)"] + (message.map { ["--message", $0] } ?? []))
    }

    /// `refresh CONNECTION/N`: we send the peer a ROUTE-REFRESH (RFC 2918).
    public func refresh(_ connection: String, _ tunnel: Int) throws {
        try control(["refresh", "\(connection)/\(tunnel)"])
    }

    /// `start CONNECTION/N` after `shutdown`.
    public func startSession(_ connection: String, _ tunnel: Int) throws {
        try control(["start", "\(connection)/\(tunnel)"])
    }

    // MARK: Waits and logs

    /// `waitUntil` whose timeout message carries the speaker's log tail.
    @discardableResult
    public func waitUntil<T>(
        _ what: String, timeout: Duration, poll: Duration = .milliseconds(100),
        extraDiagnostics: @escaping () -> String = { "" },
        observe: () throws -> T, until accept: (T) -> Bool
    ) async throws -> T {
        try await LabKit.waitUntil(
            "\(name): \(what)", timeout: timeout, poll: poll,
            diagnostics: { self.diagnostics() + "\n" + extraDiagnostics() }, observe: observe, until: accept
        )
    }

    /// Waits until every session (or those of `tunnels`) is in `state`.
    @discardableResult
    public func waitForSessions(
        _ state: String = "Established", connection: String = "vco-dc1", tunnels: [Int] = [1, 2],
        timeout: Duration = .seconds(30), extraDiagnostics: @escaping () -> String = { "" }
    ) async throws -> [SpeakerSession] {
        try await waitUntil(
            "sessions \(tunnels.map { "\(connection)/\($0)" }) \(state)", timeout: timeout, poll: .milliseconds(50),
            extraDiagnostics: extraDiagnostics
        ) {
            try self.sessions().filter { $0.connection == connection && tunnels.contains($0.tunnel) }
        } until: { sessions in
            sessions.count == tunnels.count && sessions.allSatisfy { $0.state == state }
        }
    }

    /// The whole log.
    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    public func logTail(lines: Int = 40) -> String {
        "--- \(name) log \(logPath) (tail)\n" + LabCommand.tail(ofFile: logPath, lines: lines)
    }

    /// Process state, the last `show sessions` (when it answers) and the log tail.
    public func diagnostics() -> String {
        let state = process.map { "\($0) alive: \($0.isAlive)" } ?? "not started"
        let sessions = (try? self.sessions().map(\.description).joined(separator: "\n")) ?? "(show sessions failed)"
        return "--- \(name) in \(namespace): \(state)\n--- \(name) sessions\n\(sessions)\n" + logTail()
    }
}

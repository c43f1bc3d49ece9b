// One FRR bgpd (8.x, Debian's `frr`) in a lab namespace: no zebra, no system service, its config,
// pid file, vty socket and logs in its own directory under the lab's temp dir.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bgpd started by the test. Queries go through `vtysh --vty_socket DIR -d bgpd`.
public final class FRRInstance {
    public let name: String
    public let namespace: LabNamespace
    public private(set) var config: FRRConfig
    /// When set, bgpd.conf is this text (a configuration made elsewhere, e.g. by `transit-bgp config`)
    /// instead of `config` rendered; `config` then only supplies the local AS that `configure` uses.
    public var configText: String?
    public let lab: Lab
    /// `<lab dir>/<name>`: bgpd.conf, bgpd.pid, bgpd.vty, bgpd.log, bgpd.stdout.log.
    public let directory: String
    public let bgpdPath: String
    public let vtyshPath: String
    public private(set) var process: LabProcess?
    /// Timeout of one vtysh call inside a poll (a frozen bgpd never answers).
    public var queryTimeout: Duration = .seconds(5)

    public var configPath: String { "\(directory)/bgpd.conf" }
    public var pidPath: String { "\(directory)/bgpd.pid" }
    /// The `log file` of the config.
    public var logPath: String { "\(directory)/bgpd.log" }
    /// `--log file:…`: what bgpd logs before and besides the config's log.
    public var stdoutLogPath: String { "\(directory)/bgpd.stdout.log" }

    public init(lab: Lab, namespace: LabNamespace, name: String, config: FRRConfig) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LabError("FRR instance name \"\(name)\" must be ASCII letters, digits and '-'")
        }
        self.lab = lab
        self.namespace = namespace
        self.name = name
        self.config = config
        self.directory = "\(lab.directory)/\(name)"
        self.bgpdPath = try Self.locateBgpd()
        self.vtyshPath = try Self.locateVtysh()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public static func locateBgpd() throws -> String {
        try LabCommand.locate(
            "bgpd", candidates: ["/usr/lib/frr/bgpd", "/usr/libexec/frr/bgpd", "/usr/sbin/bgpd", "/usr/local/sbin/bgpd"],
            environmentOverride: "TBGP_FRR_BGPD"
        )
    }

    public static func locateVtysh() throws -> String {
        try LabCommand.locate(
            "vtysh", candidates: ["/usr/bin/vtysh", "/usr/sbin/vtysh", "/usr/local/bin/vtysh"],
            environmentOverride: "TBGP_FRR_VTYSH"
        )
    }

    // MARK: Life cycle

    /// Writes bgpd.conf, checks it with a dry run (`bgpd -C`; bgpd itself only logs bad lines), starts
    /// `bgpd -d -Z -S -n -P 0` in the namespace, adopts the daemon's pid and waits until vtysh
    /// answers. Returns how long that took.
    @discardableResult
    public func start(timeout: Duration = .seconds(20)) async throws -> Duration {
        guard process == nil else { throw LabError("\(name): already started") }
        let clock = ContinuousClock()
        let begin = clock.now
        try writeConfig()
        let common = ["-Z", "-S", "-n", "-P", "0", "-f", configPath, "--vty_socket", directory]
        let dryRun = try namespace.run([bgpdPath, "-C"] + common + ["-i", "\(directory)/dryrun.pid"], timeout: timeout)
        let complaints = (dryRun.stdout + "\n" + dryRun.stderr).split(separator: "\n").filter { line in
            line.contains("config line") || line.contains("Unknown command") || line.contains("% ")
        }
        guard dryRun.succeeded, complaints.isEmpty else {
            throw LabError("\(name): bgpd rejects its configuration:\n\(complaints.joined(separator: "\n"))\n\(dryRun)\n--- bgpd.conf\n\((try? String(contentsOfFile: configPath, encoding: .utf8)) ?? "")")
        }
        try? FileManager.default.removeItem(atPath: pidPath)
        let launch = try namespace.run(
            [bgpdPath, "-d"] + common + ["-i", pidPath, "--log", "file:\(stdoutLogPath)"], timeout: timeout
        )
        guard launch.succeeded else {
            throw LabError("\(name): bgpd did not start: \(launch)\n\(diagnostics())")
        }
        let pid = try await LabKit.waitUntil(
            "\(name): pid file \(pidPath)", deadline: begin + timeout, poll: .milliseconds(20),
            diagnostics: diagnostics,
            observe: { () throws -> Int32? in
                guard let text = try? String(contentsOfFile: self.pidPath, encoding: .utf8) else { return nil }
                return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            },
            until: { $0 != nil }
        )!
        process = lab.adopt(pid: pid, name: "bgpd \(name)", marker: configPath, logPath: logPath)
        _ = try await LabKit.waitUntil(
            "\(name): vtysh answers", deadline: begin + timeout, poll: .milliseconds(20),
            diagnostics: diagnostics, observe: { try self.summary() }, until: { _ in true }
        )
        return clock.now - begin
    }

    private func writeConfig() throws {
        let text = try configText ?? config.render(logFile: logPath)
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// True while the adopted bgpd exists (a frozen one counts as running).
    public var isRunning: Bool { process?.isAlive ?? false }

    /// SIGSTOP: keeps the TCP sessions open but sends and answers nothing, so peers hit their hold timer.
    public func freeze() throws { try requireProcess().freeze() }

    /// SIGCONT after `freeze()`.
    public func unfreeze() throws { try requireProcess().unfreeze() }

    /// SIGTERM (bgpd sends Cease to its peers), SIGKILL after `grace`; `start()` may run again after it.
    public func stop(grace: Duration = .seconds(3)) {
        process?.stop(grace: grace)
        process = nil
    }

    /// SIGKILL: no Cease, the peers see the TCP connection die or time out.
    public func kill() throws { try requireProcess().send(SIGKILL) }

    private func requireProcess() throws -> LabProcess {
        guard let process else { throw LabError("\(name): bgpd not started") }
        return process
    }

    /// bgpd's log has `rcvd End-of-RIB for IPv4 Unicast from ADDR` (RFC 4724 §2). FRR 8.4 shows
    /// End-of-RIB flags in `show bgp neighbors json` only when graceful restart was negotiated.
    public func endOfRIBReceived(from address: String) -> Bool {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.contains("rcvd End-of-RIB for IPv4 Unicast from \(address) in ")
    }

    // MARK: vtysh

    /// Runs `vtysh --vty_socket DIR -d bgpd -c C1 -c C2 …` and returns its stdout. Throws when vtysh
    /// fails or answers a line starting with `%` (FRR's error marker).
    @discardableResult
    public func vtysh(_ commands: [String], timeout: Duration? = nil) throws -> String {
        let arguments = [vtyshPath, "--vty_socket", directory, "-d", "bgpd"] + commands.flatMap { ["-c", $0] }
        let result = try LabCommand.run(arguments, timeout: timeout ?? queryTimeout)
        let errors = (result.stdout + "\n" + result.stderr).split(separator: "\n").filter { $0.hasPrefix("%") }
        guard result.succeeded, errors.isEmpty else {
            throw LabError("\(name): vtysh \(commands) failed: \(errors.joined(separator: "; "))\n\(result)")
        }
        return result.stdout
    }

    /// A `show … json` command, parsed.
    public func json(_ command: String) throws -> [String: Any] {
        let text = try vtysh([command])
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data),
            let dictionary = object as? [String: Any]
        else { throw LabError("\(name): `\(command)` did not answer a JSON object: \(LabCommand.clip(text, limit: 500))") }
        return dictionary
    }

    /// Configuration commands applied live: `configure terminal`, `router bgp ASN`, then `lines`
    /// (inside `address-family ipv4 unicast` when `addressFamily`).
    public func configure(_ lines: [String], addressFamily: Bool = false) throws {
        var commands = ["configure terminal", "router bgp \(config.localAS)"]
        if addressFamily { commands.append("address-family ipv4 unicast") }
        try vtysh(commands + lines)
    }

    /// Adds `network PREFIX` live.
    public func announce(_ prefix: String) throws {
        try configure(["network \(prefix)"], addressFamily: true)
        if !config.networks.contains(prefix) { config.networks.append(prefix) }
    }

    /// Removes `network PREFIX` live (a withdrawal towards the peers).
    public func withdraw(_ prefix: String) throws {
        try configure(["no network \(prefix)"], addressFamily: true)
        config.networks.removeAll { $0 == prefix }
    }

    /// `neighbor X shutdown` live: bgpd sends Cease (administrative shutdown) and stays down.
    public func shutdown(neighbor address: String) throws {
        try configure(["neighbor \(address) shutdown"])
    }

    /// `no neighbor X shutdown` live.
    public func enable(neighbor address: String) throws {
        try configure(["no neighbor \(address) shutdown"])
    }

    /// Changes (or with nil removes) the TCP MD5 password of a neighbor live; FRR resets the session.
    public func setPassword(_ password: String?, neighbor address: String) throws {
        try configure([password.map { "neighbor \(address) password \($0)" } ?? "no neighbor \(address) password"])
    }

    /// `clear bgp X` (hard reset of the session).
    public func clear(neighbor address: String) throws {
        try vtysh(["clear bgp \(address)"])
    }

    // MARK: Parsed show commands

    /// `show bgp summary json`, IPv4 unicast part.
    public func summary() throws -> FRRSummary {
        try FRRSummary(json: json("show bgp summary json"))
    }

    /// `show bgp neighbors X json`.
    public func neighbor(_ address: String) throws -> FRRNeighborStatus {
        let object = try json("show bgp neighbors \(address) json")
        guard let body = object[address] as? [String: Any] else {
            throw LabError("\(name): no neighbor \(address) in `show bgp neighbors` (\(object.keys.sorted()))")
        }
        return FRRNeighborStatus(address: address, json: body)
    }

    /// `show bgp ipv4 unicast json`.
    public func rib() throws -> FRRRIB {
        try FRRRIB(json: json("show bgp ipv4 unicast json"))
    }

    /// The FSM state of one neighbor (`Established`, `Active`, `Connect`, `Idle`, `OpenSent`, …)
    /// from `show bgp summary json`; `Idle (Admin)` style suffixes are kept as FRR prints them.
    public func state(of address: String) throws -> String {
        guard let peer = try summary().peers[address] else {
            throw LabError("\(name): neighbor \(address) not in `show bgp summary json`")
        }
        return peer.state
    }

    // MARK: Waits (the timeout message carries the tail of this bgpd's logs)

    @discardableResult
    public func waitUntil<T>(
        _ what: String, timeout: Duration, poll: Duration = .milliseconds(100),
        observe: () throws -> T, until accept: (T) -> Bool
    ) async throws -> T {
        try await LabKit.waitUntil(
            "\(name): \(what)", timeout: timeout, poll: poll, diagnostics: diagnostics, observe: observe, until: accept
        )
    }

    /// Waits until the neighbor's state is `state` (default Established); returns its summary line.
    @discardableResult
    public func waitForState(
        _ state: String = "Established", neighbor address: String, timeout: Duration = .seconds(20),
        poll: Duration = .milliseconds(50)
    ) async throws -> FRRPeerSummary {
        try await waitUntil("neighbor \(address) \(state)", timeout: timeout, poll: poll) { () throws -> FRRPeerSummary in
            guard let peer = try self.summary().peers[address] else {
                throw LabError("neighbor \(address) not in summary")
            }
            return peer
        } until: { $0.state == state }
    }

    /// Waits until `prefix` has exactly `count` paths in the IPv4 unicast table (0: absent).
    @discardableResult
    public func waitForPaths(
        _ prefix: String, count: Int, timeout: Duration = .seconds(20), poll: Duration = .milliseconds(50)
    ) async throws -> [FRRPath] {
        try await waitUntil("\(count) path(s) for \(prefix)", timeout: timeout, poll: poll) {
            try self.rib().paths(for: prefix)
        } until: { $0.count == count }
    }

    // MARK: Logs

    /// The last lines of bgpd.log and bgpd.stdout.log, without the `zclient_send_message() failed`
    /// line that bgpd without zebra logs every second or two.
    public func logTail(lines: Int = 30) -> String {
        "--- \(name) bgpd.log (tail)\n\(Self.tail(logPath, lines: lines))\n"
            + "--- \(name) bgpd.stdout.log (tail)\n\(Self.tail(stdoutLogPath, lines: lines / 3))"
    }

    private static func tail(_ path: String, lines: Int) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no file \(path))" }
        let useful = text.split(separator: "\n").filter { !$0.contains("zclient_send_message() failed") }
        return useful.isEmpty ? "(only zclient noise)" : useful.suffix(lines).joined(separator: "\n")
    }

    /// What a failed wait prints: process state and log tails.
    public func diagnostics() -> String {
        let state = process.map { "\($0) alive: \($0.isAlive)" } ?? "bgpd not started"
        return "--- \(name) in \(namespace): \(state)\n" + logTail()
    }
}

// MARK: - JSON models

private func jsonInt(_ value: Any?) -> Int? {
    switch value {
    case let value as Int: value
    case let value as NSNumber: value.intValue
    case let value as Double: Int(value)
    case let value as String: Int(value)
    default: nil
    }
}

private func jsonBool(_ value: Any?) -> Bool {
    switch value {
    case let value as Bool: value
    case let value as NSNumber: value.boolValue
    case let value as String: value == "true"
    default: false
    }
}

/// One peer line of `show bgp summary json`.
public struct FRRPeerSummary: Sendable, CustomStringConvertible {
    public let address: String
    /// `Established`, `Active`, `Connect`, `Idle`, `OpenSent`, `OpenConfirm`, …
    public let state: String
    /// `OK`, `Admin`, `Policy`, … (why a peer is not up)
    public let peerState: String?
    public let remoteAS: Int?
    /// `pfxRcd` (absent before Established).
    public let prefixesReceived: Int?
    public let prefixesSent: Int?
    public let messagesReceived: Int?
    public let messagesSent: Int?
    public let uptimeMilliseconds: Int?
    public let connectionsEstablished: Int?
    public let connectionsDropped: Int?

    public init(address: String, json: [String: Any]) {
        self.address = address
        state = json["state"] as? String ?? "?"
        peerState = json["peerState"] as? String
        remoteAS = jsonInt(json["remoteAs"])
        prefixesReceived = jsonInt(json["pfxRcd"])
        prefixesSent = jsonInt(json["pfxSnt"])
        messagesReceived = jsonInt(json["msgRcvd"])
        messagesSent = jsonInt(json["msgSent"])
        uptimeMilliseconds = jsonInt(json["peerUptimeMsec"])
        connectionsEstablished = jsonInt(json["connectionsEstablished"])
        connectionsDropped = jsonInt(json["connectionsDropped"])
    }

    public var description: String {
        "\(address) \(state)\(peerState.map { "/\($0)" } ?? "") rcvd=\(prefixesReceived.map(String.init) ?? "-") "
            + "sent=\(prefixesSent.map(String.init) ?? "-") up=\(connectionsEstablished ?? 0) dropped=\(connectionsDropped ?? 0)"
    }
}

/// `show bgp summary json` (IPv4 unicast).
public struct FRRSummary: Sendable, CustomStringConvertible {
    public let routerID: String?
    public let localAS: Int?
    public let peers: [String: FRRPeerSummary]

    public init(json: [String: Any]) throws {
        // No neighbor activated in any family: FRR answers `{}`.
        let family = json["ipv4Unicast"] as? [String: Any] ?? [:]
        routerID = family["routerId"] as? String
        localAS = jsonInt(family["as"])
        var peers: [String: FRRPeerSummary] = [:]
        for (address, body) in family["peers"] as? [String: Any] ?? [:] {
            if let body = body as? [String: Any] { peers[address] = FRRPeerSummary(address: address, json: body) }
        }
        self.peers = peers
    }

    public var description: String {
        peers.isEmpty ? "no peers" : peers.keys.sorted().map { peers[$0]!.description }.joined(separator: "; ")
    }
}

/// `show bgp neighbors X json`, the fields the tests use.
public struct FRRNeighborStatus: Sendable, CustomStringConvertible {
    public let address: String
    public let state: String
    public let remoteAS: Int?
    public let localAS: Int?
    public let remoteRouterID: String?
    /// Negotiated timers (after OPEN), in milliseconds.
    public let holdTimeMilliseconds: Int?
    public let keepaliveMilliseconds: Int?
    public let connectionsEstablished: Int?
    public let connectionsDropped: Int?
    /// `lastResetDueTo`, e.g. `BGP Notification received`, `Waiting for peer OPEN`.
    public let lastResetReason: String?
    /// The last NOTIFICATION sent or received: `lastNotificationReason` (`Hold Timer Expired`,
    /// `Cease/Administrative Shutdown`, …) and `lastErrorCodeSubcode` as FRR prints it (`0400`).
    public let lastNotificationReason: String?
    public let lastErrorCodeSubcode: String?
    /// IPv4 unicast `acceptedPrefixCounter` / `sentPrefixCounter`.
    public let acceptedPrefixes: Int?
    public let sentPrefixes: Int?

    public init(address: String, json: [String: Any]) {
        self.address = address
        state = json["bgpState"] as? String ?? "?"
        remoteAS = jsonInt(json["remoteAs"])
        localAS = jsonInt(json["localAs"])
        remoteRouterID = json["remoteRouterId"] as? String
        holdTimeMilliseconds = jsonInt(json["bgpTimerHoldTimeMsecs"])
        keepaliveMilliseconds = jsonInt(json["bgpTimerKeepAliveIntervalMsecs"])
        connectionsEstablished = jsonInt(json["connectionsEstablished"])
        connectionsDropped = jsonInt(json["connectionsDropped"])
        lastResetReason = json["lastResetDueTo"] as? String
        lastNotificationReason = json["lastNotificationReason"] as? String
        lastErrorCodeSubcode = json["lastErrorCodeSubcode"] as? String
        let families = json["addressFamilyInfo"] as? [String: Any]
        let ipv4 = families?["ipv4Unicast"] as? [String: Any]
        acceptedPrefixes = jsonInt(ipv4?["acceptedPrefixCounter"])
        sentPrefixes = jsonInt(ipv4?["sentPrefixCounter"])
    }

    public var description: String {
        "\(address) \(state) hold=\(holdTimeMilliseconds.map(String.init) ?? "-")ms "
            + "keepalive=\(keepaliveMilliseconds.map(String.init) ?? "-")ms up=\(connectionsEstablished ?? 0) "
            + "dropped=\(connectionsDropped ?? 0) lastReset=\(lastResetReason ?? "-") "
            + "lastNotification=\(lastNotificationReason ?? "-") (\(lastErrorCodeSubcode ?? "-"))"
    }
}

/// One path of `show bgp ipv4 unicast json`.
public struct FRRPath: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    /// First next hop (`0.0.0.0` for a local `network`).
    public let nextHop: String
    /// AS path as FRR prints it, `""` for local routes, `"45104 3356"` otherwise.
    public let asPath: String
    public let origin: String?
    public let isBest: Bool
    public let isValid: Bool
    /// The neighbor it came from, `(unspec)` for local routes.
    public let peerID: String?
    public let med: Int?
    public let localPreference: Int?

    public init(prefix: String, json: [String: Any]) {
        self.prefix = prefix
        let nextHops = json["nexthops"] as? [Any]
        nextHop = (nextHops?.first as? [String: Any])?["ip"] as? String ?? "?"
        asPath = json["path"] as? String ?? ""
        origin = json["origin"] as? String
        isBest = jsonBool(json["bestpath"])
        isValid = jsonBool(json["valid"])
        peerID = json["peerId"] as? String
        med = jsonInt(json["metric"])
        localPreference = jsonInt(json["locPrf"])
    }

    public var description: String {
        "\(prefix) via \(nextHop) [\(asPath)]\(isBest ? " best" : "")\(isValid ? "" : " invalid")"
    }
}

/// `show bgp ipv4 unicast json`.
public struct FRRRIB: Sendable, CustomStringConvertible {
    public let routes: [String: [FRRPath]]

    public init(json: [String: Any]) throws {
        var routes: [String: [FRRPath]] = [:]
        for (prefix, paths) in json["routes"] as? [String: Any] ?? [:] {
            routes[prefix] = (paths as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map {
                FRRPath(prefix: prefix, json: $0)
            }
        }
        self.routes = routes
    }

    public var prefixes: [String] { routes.keys.sorted() }

    public func paths(for prefix: String) -> [FRRPath] { routes[prefix] ?? [] }

    public var description: String {
        routes.isEmpty
            ? "empty table"
            : prefixes.map { "\($0): \(routes[$0]!.map(\.description).joined(separator: ", "))" }.joined(separator: "; ")
    }
}

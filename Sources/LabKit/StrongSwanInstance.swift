// One strongSwan charon (5.9, Debian's `strongswan-charon`) in a lab namespace: not the system
// service. Its strongswan.conf (STRONGSWAN_CONF), vici socket, log and pid file live in its own
// directory under the lab's temp dir.
//
// charon writes its pid file to a compiled-in path (/var/run/charon.pid) that no option moves, so
// it runs in a private mount namespace (`unshare --mount`) in which the instance's `run/`
// directory is bind-mounted over /run: parallel instances (and a system charon) never see each
// other's pid file. swanctl talks to it through the vici socket from the root namespace.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A charon started by the test; `swanctl(_:)` runs `swanctl … --uri unix://<socket>`.
public final class StrongSwanInstance {
    public let name: String
    public let namespace: LabNamespace
    public let lab: Lab
    /// Its files and command lines (`<lab dir>/<name>`).
    public private(set) var charon: Charon
    public private(set) var process: LabProcess?
    /// Timeout of one swanctl call.
    public var commandTimeout: Duration = .seconds(15)

    public var directory: String { charon.directory }
    public var charonPath: String { charon.charonPath }
    public var swanctlPath: String { charon.swanctlPath }
    public var configPath: String { charon.configPath }
    public var socketPath: String { charon.socketPath }
    public var logPath: String { charon.logPath }
    public var runDirectory: String { charon.runDirectory }

    /// `backend` `.kernelNetlink` (the default) only negotiates IKE on a kernel without XFRM;
    /// `.libipsec` carries traffic through ESP (see `Charon`).
    public init(
        lab: Lab, namespace: LabNamespace, name: String, backend: Charon.Backend = .kernelNetlink,
        retransmission: Charon.Retransmission = .strongSwanDefault, updown: Bool = false
    ) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LabError("strongSwan instance name \"\(name)\" must be ASCII letters, digits and '-'")
        }
        self.lab = lab
        self.namespace = namespace
        self.name = name
        charon = try Charon(
            directory: "\(lab.directory)/\(name)", backend: backend, retransmission: retransmission, updown: updown)
    }

    /// Writes strongswan.conf, starts charon in the namespace (private mount namespace, `run/` over
    /// /run) and waits until swanctl gets an answer over the vici socket.
    @discardableResult
    public func start(timeout: Duration = .seconds(20)) async throws -> Duration {
        guard process == nil else { throw LabError("\(name): already started") }
        let clock = ContinuousClock()
        let begin = clock.now
        try charon.writeConfiguration()
        process = try lab.spawn(in: namespace, charon.command, name: "charon-\(name)")
        _ = try await LabKit.waitUntil(
            "\(name): charon answers on \(socketPath)", deadline: begin + timeout, poll: .milliseconds(50),
            diagnostics: diagnostics
        ) { () throws -> CommandResult in
            guard self.process?.isAlive == true else {
                throw LabError("charon exited with status \(self.process?.reap().map(String.init) ?? "?")")
            }
            return try self.swanctl(["--version", "--daemon"])
        } until: { $0.succeeded }
        return clock.now - begin
    }

    /// SIGTERM, SIGKILL after `grace`.
    public func stop(grace: Duration = .seconds(3)) {
        process?.stop(grace: grace)
    }

    /// `swanctl ARGS --uri unix://SOCKET` with STRONGSWAN_CONF set, from the root namespace.
    public func swanctl(_ arguments: [String]) throws -> CommandResult {
        try charon.swanctl(arguments, timeout: commandTimeout)
    }

    /// The SAs charon holds now (`swanctl --list-sas`).
    public func securityAssociations() throws -> [IKESecurityAssociation] {
        try charon.securityAssociations(timeout: commandTimeout)
    }

    /// `swanctl --load-all --file PATH` (connections and secrets). swanctl treats a file it cannot
    /// parse as an empty one and may still exit 0, so the result is also judged by its text: see
    /// `SwanctlLoad.refusal`.
    public func loadAll(file path: String) throws -> SwanctlLoad {
        SwanctlLoad(result: try swanctl(["--load-all", "--file", path]))
    }

    /// The connection names `swanctl --list-conns` shows (`NAME: IKEv2, …` lines).
    public func connectionNames() throws -> [String] {
        let result = try swanctl(["--list-conns"]).check()
        return result.stdout.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix(" "), let colon = line.firstIndex(of: ":"),
                line[colon...].hasPrefix(": IKEv")
            else { return nil }
            return String(line[..<colon])
        }
    }

    /// Every connection charon logged while loading it (cfg level 2), by name; the last load of a
    /// name wins. See `CharonLoggedConnection`.
    public func loggedConnections() -> [String: CharonLoggedConnection] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return CharonLoggedConnection.parse(log: text)
    }

    /// Process state and the log tail.
    public func diagnostics() -> String {
        let state = process.map { "\($0) alive: \($0.isAlive)" } ?? "charon not started"
        return "--- \(name) in \(namespace): \(state)\n--- \(name) charon.log (tail)\n"
            + LabCommand.tail(ofFile: logPath, lines: 40) + "\n--- charon stdout/stderr (tail)\n"
            + LabCommand.tail(ofFile: "\(lab.directory)/charon-\(name).log", lines: 10)
    }
}

/// The outcome of `swanctl --load-all`.
public struct SwanctlLoad: CustomStringConvertible {
    public let result: CommandResult

    public init(result: CommandResult) {
        self.result = result
    }

    /// Why the load failed, or nil when it succeeded: a non-zero exit, a file swanctl could not
    /// parse ("syntax error", "invalid config file", which can come with exit 0), or a connection
    /// or secret charon refused.
    public var refusal: String? {
        let text = result.stdout + "\n" + result.stderr
        if !result.succeeded { return "swanctl exited \(result.status)" }
        for marker in ["syntax error", "invalid config file", "config discarded", "failed to load", "loading connection"] {
            if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
        }
        return nil
    }

    /// N of "successfully loaded N connections".
    public var connectionsLoaded: Int? {
        let text = result.stdout
        guard let range = text.range(of: "successfully loaded ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The names in "loaded ike secret 'NAME'" lines.
    public var secretsLoaded: [String] {
        result.stdout.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("loaded ike secret '"), line.hasSuffix("'") else { return nil }
            return String(line.dropFirst("loaded ike secret '".count).dropLast())
        }
    }

    public var description: String { result.description }
}

/// One connection as charon logged it while loading it over vici (vici_config.c `log_peer_data`,
/// cfg level 2): ` conn NAME:`, then `  child NAME:` with its settings, then the connection's
/// settings with `  local:` / `  remote:` sections, then `added vici connection: NAME` (or
/// `updated`/`replaced` for a name loaded before). Keys are
/// the vici option names.
public struct CharonLoggedConnection: Sendable {
    public let name: String
    /// Connection-level settings (`version`, `proposals`, `rekey_time`, `aggressive`, …), and the
    /// authentication sections' as `local.id`, `remote.class`, ….
    public var settings: [String: String] = [:]
    /// Child name → its settings (`proposals`, `local_ts`, `if_id_in`, `dpd_action`, …).
    public var children: [String: [String: String]] = [:]

    public static func parse(log: String) -> [String: CharonLoggedConnection] {
        var result: [String: CharonLoggedConnection] = [:]
        var current: CharonLoggedConnection?
        var section: (kind: String, name: String)?
        for rawLine in log.split(separator: "\n") {
            // "19:48:26 12[CFG]    proposals = …": the message starts after "[CFG] ".
            guard let tag = rawLine.range(of: "[CFG] ") else { continue }
            let message = rawLine[tag.upperBound...]
            let depth = message.prefix { $0 == " " }.count
            let body = String(message.dropFirst(depth))
            if depth == 0 {
                // "added vici connection: NAME", or "updated …"/"replaced …" when the name was loaded before.
                if body.contains(" vici connection: "), let done = current { result[done.name] = done }
                if !body.isEmpty { current = nil }
                continue
            }
            if depth == 1, body.hasPrefix("conn "), body.hasSuffix(":") {
                current = CharonLoggedConnection(name: String(body.dropFirst("conn ".count).dropLast()))
                section = nil
                continue
            }
            guard current != nil else { continue }
            if depth == 2, body.hasSuffix(":"), !body.contains(" = ") {
                let header = String(body.dropLast())
                if header.hasPrefix("child ") {
                    let name = String(header.dropFirst("child ".count))
                    section = ("child", name)
                    current?.children[name] = [:]
                } else {
                    section = ("auth", header)
                }
                continue
            }
            guard let equals = body.range(of: " = ") else { continue }
            let key = String(body[..<equals.lowerBound])
            let value = String(body[equals.upperBound...])
            if depth == 2 {
                section = nil
                current?.settings[key] = value
            } else if depth == 3, let section {
                if section.kind == "child" {
                    current?.children[section.name]?[key] = value
                } else {
                    current?.settings["\(section.name).\(key)"] = value
                }
            }
        }
        return result
    }
}

// One strongSwan charon's files and command lines, for a charon that a test (`StrongSwanInstance`)
// or a persistent lab (`transit-bgp lab`, `transit-bgp gateway`) starts: strongswan.conf, the vici
// socket, the log and a private /run. Nothing under /etc is read or changed.
//
// charon 5.9 writes its pid file to a compiled-in /var/run/charon.pid, so it runs in a private mount
// namespace (`unshare --mount`) with `<directory>/run` bind-mounted over /run: parallel charons (and
// a system one) never see each other's pid file.

import Foundation

/// The files and commands of one charon (strongSwan 5.9, Debian's `strongswan-charon`).
public struct Charon: Sendable {
    /// How IPsec SAs are installed.
    public enum Backend: Sendable {
        /// kernel-netlink only (XFRM). IKE negotiates; CHILD_SAs fail on a kernel without XFRM. Enough
        /// to check that a configuration loads and IKE agrees.
        case kernelNetlink
        /// `kernel-libipsec` before `kernel-netlink`: ESP in user space over the TUN device `ipsec0`,
        /// always UDP-encapsulated (port 4500); routes to the remote traffic selectors in table 220.
        case libipsec
    }

    /// IKEv2 dead-peer detection time: `dpd_delay` plus the retransmission schedule
    /// `timeout * base^n`, n = 0...tries (strongSwan's `charon.retransmit_*`; global per charon).
    public struct Retransmission: Sendable, Hashable {
        public var timeout: Double
        public var base: Double
        public var tries: Int

        public init(timeout: Double, base: Double, tries: Int) {
            self.timeout = timeout
            self.base = base
            self.tries = tries
        }

        /// 4 s, 1.5, 2 tries: 4 + 6 + 9 = 19 s of unanswered retransmits, so with `dpd_delay = 10s`
        /// a silent peer is declared dead 19–29 s after it went silent (the vendor's DPD: 30 s).
        public static let lab = Retransmission(timeout: 4, base: 1.5, tries: 2)
        /// strongSwan's defaults (4 s, 1.8, 5 tries: 165 s).
        public static let strongSwanDefault = Retransmission(timeout: 4, base: 1.8, tries: 5)

        /// Seconds from the first unanswered request to giving up.
        public var totalSeconds: Double {
            (0 ... tries).reduce(0) { $0 + timeout * pow(base, Double($1)) }
        }
    }

    /// `<directory>`: strongswan.conf, charon.vici, charon.log, run/.
    public let directory: String
    public var backend: Backend
    public var retransmission: Retransmission
    /// Load the `updown` plugin (children's `updown = SCRIPT`).
    public var updown: Bool
    /// `cfg` log level 2: every loaded connection is logged as charon parsed it.
    public var logConfiguration = true
    public let charonPath: String
    public let swanctlPath: String
    let unsharePath: String
    let mountPath: String
    let envPath: String
    let shellPath: String

    public var configPath: String { "\(directory)/strongswan.conf" }
    public var socketPath: String { "\(directory)/charon.vici" }
    public var logPath: String { "\(directory)/charon.log" }
    public var runDirectory: String { "\(directory)/run" }

    /// Locates the executables (TBGP_CHARON / TBGP_SWANCTL override) and creates `directory/run`.
    public init(
        directory: String, backend: Backend, retransmission: Retransmission = .strongSwanDefault, updown: Bool = false
    ) throws {
        self.directory = directory
        self.backend = backend
        self.retransmission = retransmission
        self.updown = updown
        charonPath = try LabCommand.locate(
            "charon", candidates: ["/usr/lib/ipsec/charon", "/usr/libexec/ipsec/charon", "/usr/lib/strongswan/charon"],
            environmentOverride: "TBGP_CHARON"
        )
        swanctlPath = try LabCommand.locate(
            "swanctl", candidates: ["/usr/sbin/swanctl", "/usr/bin/swanctl"], environmentOverride: "TBGP_SWANCTL"
        )
        unsharePath = try LabCommand.locate("unshare", candidates: ["/usr/bin/unshare", "/bin/unshare"])
        mountPath = try LabCommand.locate("mount", candidates: ["/usr/bin/mount", "/bin/mount"])
        envPath = try LabCommand.locate("env", candidates: ["/usr/bin/env", "/bin/env"])
        shellPath = try LabCommand.locate("sh", candidates: ["/bin/sh", "/usr/bin/sh"])
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
    }

    /// strongswan.conf. libipsec: an explicit plugin list in which `kernel-libipsec` precedes
    /// `kernel-netlink` (otherwise XFRM wins and every CHILD_SA fails to install); kernel-netlink
    /// stays (kernel-net: addresses, routes).
    public var strongswanConf: String {
        var plugins = ["random", "nonce", "aes", "sha1", "sha2", "md5", "hmac", "gmp", "kdf"]
        switch backend {
        case .kernelNetlink: plugins += ["kernel-netlink"]
        case .libipsec: plugins += ["pem", "pkcs1", "pubkey", "x509", "kernel-libipsec", "kernel-netlink"]
        }
        plugins += ["socket-default", "vici"]
        if updown { plugins.append("updown") }
        let format = { (value: Double) in value == value.rounded() ? String(Int(value)) : String(value) }
        return """
            charon {
                load_modular = no
                load = \(plugins.joined(separator: " "))
                install_routes = \(backend == .libipsec ? "yes" : "no")
                retransmit_timeout = \(format(retransmission.timeout))
                retransmit_base = \(format(retransmission.base))
                retransmit_tries = \(retransmission.tries)
                filelog {
                    lab {
                        path = \(logPath)
                        time_format = %F %T
                        ike_name = yes
                        default = 1
                        \(logConfiguration ? "cfg = 2" : "cfg = 1")
                        flush_line = yes
                        append = no
                    }
                }
                plugins {
                    vici {
                        socket = unix://\(socketPath)
                    }
                }
            }
            swanctl {
                load = pem pkcs1 x509 pubkey
            }

            """
    }

    /// Writes strongswan.conf.
    public func writeConfiguration() throws {
        do {
            try strongswanConf.write(toFile: configPath, atomically: true, encoding: .utf8)
        } catch {
            throw LabError("cannot write \(configPath): \(error)")
        }
    }

    /// The command that runs charon in the foreground inside `namespace` (`ip netns exec`), in a
    /// private mount namespace with `run/` over /run and STRONGSWAN_CONF set.
    public func commandLine(namespace: String, ipPath: String) -> [String] {
        [ipPath, "netns", "exec", namespace] + command
    }

    /// The command that runs charon in the foreground in the caller's network namespace, in a private
    /// mount namespace with `run/` over /run and STRONGSWAN_CONF set.
    public var command: [String] {
        let script = #"set -e; "$1" --bind "$2" /run; exec "$3" STRONGSWAN_CONF="$4" "$5""#
        return [unsharePath, "--mount", "--propagation", "private",
                shellPath, "-c", script, "sh", mountPath, runDirectory, envPath, configPath, charonPath]
    }

    /// `swanctl ARGS --uri unix://SOCKET` with STRONGSWAN_CONF set, from the root namespace.
    public func swanctl(_ arguments: [String], timeout: Duration = .seconds(15)) throws -> CommandResult {
        try LabCommand.run(
            [envPath, "STRONGSWAN_CONF=\(configPath)", swanctlPath] + arguments + ["--uri", "unix://\(socketPath)"],
            timeout: timeout
        )
    }

    /// The SAs charon holds now (`swanctl --list-sas`).
    public func securityAssociations(timeout: Duration = .seconds(10)) throws -> [IKESecurityAssociation] {
        IKESecurityAssociation.parse(try swanctl(["--list-sas"], timeout: timeout).check().stdout)
    }
}

/// One IKE SA of `swanctl --list-sas`, with its CHILD_SAs.
public struct IKESecurityAssociation: Sendable, Hashable {
    /// One CHILD_SA.
    public struct Child: Sendable, Hashable {
        public var name: String
        /// `INSTALLED`, `REKEYING`, …
        public var state: String
        public var reqid: Int?
        /// `TUNNEL-in-UDP`, `TUNNEL`.
        public var mode: String
        public var localTrafficSelectors: [String] = []
        public var remoteTrafficSelectors: [String] = []
    }

    /// The connection's name.
    public var name: String
    /// `ESTABLISHED`, `CONNECTING`, `DELETING`, …
    public var state: String
    /// 1 or 2.
    public var version: Int?
    public var localAddress: String?
    public var remoteAddress: String?
    public var children: [Child] = []

    /// Parses the text of `swanctl --list-sas`: `NAME: #N, STATE, IKEvV, SPIs` at the left margin,
    /// `  local/remote 'ID' @ ADDRESS[PORT]`, children as `  NAME: #N, reqid R, STATE, MODE, …`
    /// with `    local/remote TS` lines.
    public static func parse(_ text: String) -> [IKESecurityAssociation] {
        var result: [IKESecurityAssociation] = []
        for raw in text.split(separator: "\n") {
            let line = String(raw)
            let indent = line.prefix { $0 == " " }.count
            let body = line.trimmingCharacters(in: .whitespaces)
            if indent == 0, let colon = body.firstIndex(of: ":") {
                let fields = body[body.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.count >= 2 else { continue }
                let version = fields.count > 2 && fields[2].hasPrefix("IKEv") ? Int(fields[2].dropFirst(4)) : nil
                result.append(IKESecurityAssociation(name: String(body[..<colon]), state: fields[1], version: version))
            } else if indent == 2, !result.isEmpty {
                if body.hasPrefix("local ") || body.hasPrefix("remote ") {
                    let address = body.split(separator: "@").last.map { String($0.split(separator: "[").first ?? "").trimmingCharacters(in: .whitespaces) }
                    if body.hasPrefix("local ") { result[result.count - 1].localAddress = address } else { result[result.count - 1].remoteAddress = address }
                } else if let colon = body.firstIndex(of: ":"), body.contains("reqid") {
                    let fields = body[body.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard fields.count >= 4 else { continue }
                    let reqid = fields[1].hasPrefix("reqid ") ? Int(fields[1].dropFirst(6)) : nil
                    result[result.count - 1].children.append(
                        Child(name: String(body[..<colon]), state: fields[2], reqid: reqid, mode: fields[3]))
                }
            } else if indent == 4, !result.isEmpty, !result[result.count - 1].children.isEmpty {
                let parts = body.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard parts.count >= 2 else { continue }
                let last = result.count - 1
                let child = result[last].children.count - 1
                if parts[0] == "local" { result[last].children[child].localTrafficSelectors += parts.dropFirst() }
                if parts[0] == "remote" { result[last].children[child].remoteTrafficSelectors += parts.dropFirst() }
            }
        }
        return result
    }
}

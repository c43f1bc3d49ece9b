// OpenBGPD (`openbgpd` package: bgpd + bgpctl) as a lab daemon: `bgpd -d -f CONF` in a namespace
// with its own control socket, `fib-update no`, explicit allow filters (RFC 8212 denies eBGP by
// default), observed with `bgpctl -s SOCK -j`. Small on purpose, so it moves to LabKit as is.

import Foundation

public final class OpenBGPDInstance {
    public struct Neighbor {
        public var address: String
        public var remoteAS: UInt32
        public var localAddress: String
        /// The TCP MD5 key (RFC 2385, `tcp md5sig password`), letters, digits and `-` only.
        public var password: String?

        public init(address: String, remoteAS: UInt32, localAddress: String, password: String? = nil) {
            self.address = address
            self.remoteAS = remoteAS
            self.localAddress = localAddress
            self.password = password
        }
    }

    public let lab: Lab
    public let namespace: LabNamespace
    public let name: String
    public var configPath: String { "\(lab.directory)/\(name)-bgpd.conf" }
    public var socketPath: String { "\(lab.directory)/\(name)-bgpd.sock" }
    private(set) var process: LabProcess?
    public let config: String

    /// Writes nothing yet. Every value goes into the configuration as generated here (addresses,
    /// numbers and prefixes only, checked below). `communities` (RFC 1997) and `largeCommunities`
    /// (RFC 8092): set on every network.
    public init(lab: Lab, namespace: LabNamespace, name: String, asn: UInt32, routerID: String, neighbors: [Neighbor],
         networks: [String], holdTime: Int = 9, communities: [(UInt16, UInt16)] = [],
         largeCommunities: [(UInt32, UInt32, UInt32)] = []) throws {
        self.lab = lab
        self.namespace = namespace
        self.name = name
        let allowed = CharacterSet(charactersIn: "0123456789./")
        for value in [routerID] + networks + neighbors.flatMap({ [$0.address, $0.localAddress] })
        where value.isEmpty || value.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            throw LabError("OpenBGPD config: \(value) is not an IPv4 address or prefix")
        }
        for password in neighbors.compactMap(\.password)
        where password.isEmpty || !password.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw LabError("OpenBGPD config: password \"\(password)\" must be ASCII letters, digits and '-'")
        }
        var lines = ["AS \(asn)", "router-id \(routerID)", "fib-update no", "socket \"\(lab.directory)/\(name)-bgpd.sock\"",
                     "holdtime \(holdTime)", "connect-retry 1"]
        let items = communities.map { "community \($0.0):\($0.1)" } + largeCommunities.map { "large-community \($0.0):\($0.1):\($0.2)" }
        let set = items.isEmpty ? "" : " set { " + items.joined(separator: ", ") + " }"
        lines += networks.map { "network \($0)\(set)" }
        lines += ["allow from any", "allow to any"]
        for neighbor in neighbors {
            lines += ["neighbor \(neighbor.address) {", "  remote-as \(neighbor.remoteAS)", "  local-address \(neighbor.localAddress)",
                      "  announce enhanced refresh yes"] + (neighbor.password.map { ["  tcp md5sig password \($0)"] } ?? []) + ["}"]
        }
        config = lines.joined(separator: "\n") + "\n"
    }

    /// Checks the configuration (`bgpd -n`), creates the chroot directory the packaged service
    /// would (`RuntimeDirectory=openbgpd`), starts `bgpd -d` and waits until bgpctl answers.
    public func start(timeout: Duration = .seconds(15)) async throws {
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/openbgpd", withIntermediateDirectories: true)
        let check = try LabCommand.run(["/usr/sbin/bgpd", "-n", "-f", configPath])
        guard check.succeeded else { throw LabError("OpenBGPD refuses its config: \(check)\n\(config)") }
        process = try lab.spawn(in: namespace, ["/usr/sbin/bgpd", "-d", "-f", configPath], name: "\(name)-bgpd")
        try await waitUntil("\(name): bgpctl answers", timeout: timeout, diagnostics: { self.diagnostics() }) {
            try? self.bgpctl(["show", "summary"])
        } until: { $0 != nil }
    }

    public func stop() {
        process?.stop()
        process = nil
    }

    public var isRunning: Bool { process?.isAlive ?? false }

    /// `bgpctl -s SOCK -j ARGS`'s output.
    public func bgpctl(_ arguments: [String]) throws -> String {
        let result = try LabCommand.run(["/usr/sbin/bgpctl", "-s", socketPath, "-j"] + arguments, timeout: .seconds(10))
        guard result.succeeded else { throw LabError("bgpctl failed: \(result)") }
        return result.stdout
    }

    /// `show neighbor ADDR`, the raw JSON text (bgpctl escapes non-ASCII as octal, which JSON parsers refuse).
    public func neighborText(_ address: String) throws -> String { try bgpctl(["show", "neighbor", address]) }

    /// `show neighbor ADDR` parsed (the fields read here are ASCII).
    public func neighbor(_ address: String) throws -> [String: Any] {
        let text = try neighborText(address).replacingOccurrences(of: #"\\[0-7]{3}"#, with: "?", options: .regularExpression)
        let object = try LooseJSON.object(text, what: "bgpctl show neighbor")
        guard let first = (object["neighbors"] as? [[String: Any]])?.first else { throw LabError("no neighbor \(address) in bgpctl") }
        return first
    }

    public func state(_ address: String) throws -> String { (try neighbor(address)["state"] as? String) ?? "?" }

    /// A counter under `stats` by path ("update.received.eor").
    public func stat(_ address: String, _ path: String) throws -> Int {
        var node: Any? = try neighbor(address)["stats"]
        for key in path.split(separator: ".") { node = (node as? [String: Any])?[String(key)] }
        guard let value = LooseJSON.int(node) else { throw LabError("no stats.\(path) for \(address)") }
        return value
    }

    /// The prefixes in OpenBGPD's RIB (`show rib`).
    public func ribPrefixes() throws -> [String] {
        let object = try LooseJSON.object(try bgpctl(["show", "rib"]), what: "bgpctl show rib")
        return ((object["rib"] as? [[String: Any]]) ?? []).compactMap { $0["prefix"] as? String }
    }

    public func diagnostics() -> String {
        "--- \(name) bgpd log\n" + LabCommand.tail(ofFile: "\(lab.directory)/\(name)-bgpd.log", lines: 30)
    }
}

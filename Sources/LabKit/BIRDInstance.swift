// BIRD 2 as a lab daemon for the speaker tests: `bird -f -c CONF -s SOCK` in a namespace, one BGP
// protocol per neighbor (t1, t2, ...), a static route to announce, route refresh on (BIRD 2 then
// also announces Enhanced Route Refresh);
// observed with `birdc -s SOCK`. Small on purpose, so it moves to LabKit as is.

import Foundation

public final class BIRDInstance {
    public let lab: Lab
    public let namespace: LabNamespace
    public let name: String
    public let config: String
    public var socketPath: String { "\(lab.directory)/\(name)-bird.ctl" }
    public var configPath: String { "\(lab.directory)/\(name)-bird.conf" }
    private(set) var process: LabProcess?

    /// `neighbors`: (our address, the speaker's address) per protocol t1, t2, ... Values are checked
    /// to be addresses / prefixes before they go into the configuration. `holdTime` 0: no hold
    /// timer and no KEEPALIVEs (RFC 4271 §4.2); `password`: the TCP MD5 key (RFC 2385) of every
    /// protocol, letters, digits and `-` only. `communities` / `largeCommunities`: set on every static
    /// route (RFC 1997 `(a,b)`, RFC 8092 `(a,b,c)`). `tracePackets`: `debug { packets }` on every
    /// protocol, so the log shows each OPEN, UPDATE and End-of-RIB (`tN: Got END-OF-RIB`).
    public init(lab: Lab, namespace: LabNamespace, name: String, asn: UInt32, remoteAS: UInt32, routerID: String,
         neighbors: [(local: String, remote: String)], networks: [String], holdTime: Int = 9, password: String? = nil,
         communities: [(UInt16, UInt16)] = [], largeCommunities: [(UInt32, UInt32, UInt32)] = [], tracePackets: Bool = false) throws {
        self.lab = lab
        self.namespace = namespace
        self.name = name
        let allowed = CharacterSet(charactersIn: "0123456789./")
        for value in [routerID] + networks + neighbors.flatMap({ [$0.local, $0.remote] })
        where value.isEmpty || value.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            throw LabError("BIRD config: \(value) is not an IPv4 address or prefix")
        }
        guard holdTime == 0 || (3 ... 65535).contains(holdTime) else { throw LabError("BIRD config: hold time \(holdTime) is not 0 or 3...65535") }
        if let password, password.isEmpty || !password.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw LabError("BIRD config: password \"\(password)\" must be ASCII letters, digits and '-'")
        }
        let timers = holdTime == 0 ? "hold time 0;" : "hold time \(holdTime); keepalive time \(max(1, holdTime / 3));"
        let md5 = password.map { "password \"\($0)\";" } ?? ""
        let attributes = communities.map { "bgp_community.add((\($0.0),\($0.1)));" }
            + largeCommunities.map { "bgp_large_community.add((\($0.0),\($0.1),\($0.2)));" }
        let block = attributes.isEmpty ? "" : " { " + attributes.joined(separator: " ") + " }"
        let debug = tracePackets ? "debug { states, packets };" : ""
        var lines = ["log \"\(lab.directory)/\(name)-bird.log\" all;", "router id \(routerID);", "protocol device { }",
                     "protocol static { ipv4; " + networks.map { "route \($0) blackhole\(block);" }.joined(separator: " ") + " }"]
        for (index, neighbor) in neighbors.enumerated() {
            lines.append("""
                protocol bgp t\(index + 1) {
                  local \(neighbor.local) as \(asn); neighbor \(neighbor.remote) as \(remoteAS);
                  \(timers) connect retry time 1; error wait time 1, 5; \(md5)
                  enable route refresh on;\(debug.isEmpty ? "" : " " + debug)
                  ipv4 { import all; export all; };
                }
                """)
        }
        config = lines.joined(separator: "\n") + "\n"
    }

    public func start(timeout: Duration = .seconds(15)) async throws {
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let check = try LabCommand.run(["/usr/sbin/bird", "-p", "-c", configPath])
        guard check.succeeded else { throw LabError("BIRD refuses its config: \(check)\n\(config)") }
        process = try lab.spawn(in: namespace, ["/usr/sbin/bird", "-f", "-c", configPath, "-s", socketPath], name: "\(name)-bird")
        try await waitUntil("\(name): birdc answers", timeout: timeout, diagnostics: { self.diagnostics() }) {
            try? self.birdc(["show", "status"])
        } until: { $0?.contains("Daemon is up") == true }
    }

    public func stop() {
        process?.stop()
        process = nil
    }

    public func birdc(_ arguments: [String]) throws -> String {
        let result = try LabCommand.run(["/usr/sbin/birdc", "-s", socketPath] + arguments, timeout: .seconds(10))
        guard result.succeeded else { throw LabError("birdc failed: \(result)") }
        return result.stdout
    }

    /// `show protocols all tN`.
    public func protocolText(_ index: Int) throws -> String { try birdc(["show", "protocols", "all", "t\(index)"]) }

    /// "BGP state: Established".
    public func state(_ index: Int) throws -> String {
        let text = try protocolText(index)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("BGP state:") }) else { return "?" }
        return line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    /// The "Import updates:" received count (routes the speaker sent, counted by BIRD).
    public func importUpdatesReceived(_ index: Int) throws -> Int {
        let text = try protocolText(index)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Import updates:") }),
              let number = line.split(separator: " ").compactMap({ Int($0) }).first
        else { return 0 }
        return number
    }

    /// The prefixes in BIRD's table (`show route`: the first word of each route line).
    public func routePrefixes() throws -> [String] {
        try birdc(["show", "route"]).split(separator: "\n").compactMap { line in
            guard let first = line.split(separator: " ").first, first.contains("/"), first.first?.isNumber == true else { return nil }
            return String(first)
        }
    }

    /// BIRD's whole log.
    public func log() -> String {
        (try? String(contentsOfFile: "\(lab.directory)/\(name)-bird.log", encoding: .utf8)) ?? ""
    }

    /// With `tracePackets`: protocol tN logged an End-of-RIB from its neighbor (RFC 4724 §2).
    public func gotEndOfRIB(_ index: Int) -> Bool {
        log().split(separator: "\n").contains { $0.contains("t\(index)") && $0.contains("Got END-OF-RIB") }
    }

    public func diagnostics() -> String {
        "--- \(name) bird log\n" + LabCommand.tail(ofFile: "\(lab.directory)/\(name)-bird.log", lines: 30)
    }
}

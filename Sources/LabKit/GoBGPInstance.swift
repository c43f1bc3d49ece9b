// GoBGP (gobgpd + gobgp) as a lab daemon for the speaker tests: `gobgpd -f CONF -t toml` in a
// namespace with its own API socket, one neighbor per tunnel; observed with `gobgp --target`.
// Small on purpose, so it moves to LabKit as is.

import Foundation

public final class GoBGPInstance {
    public let lab: Lab
    public let namespace: LabNamespace
    public let name: String
    public let config: String
    public var apiTarget: String { "unix://\(lab.directory)/\(name)-gobgpd.api" }
    public var configPath: String { "\(lab.directory)/\(name)-gobgpd.toml" }
    private(set) var process: LabProcess?

    /// `neighbors`: the speaker's addresses. Values are checked to be addresses before they go into
    /// the configuration. `password`: the TCP MD5 key (RFC 2385), letters, digits and `-` only.
    public init(lab: Lab, namespace: LabNamespace, name: String, asn: UInt32, remoteAS: UInt32, routerID: String, neighbors: [String],
                password: String? = nil) throws {
        self.lab = lab
        self.namespace = namespace
        self.name = name
        let allowed = CharacterSet(charactersIn: "0123456789.")
        for value in [routerID] + neighbors where value.isEmpty || value.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            throw LabError("GoBGP config: \(value) is not an IPv4 address")
        }
        if let password, password.isEmpty || !password.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw LabError("GoBGP config: password \"\(password)\" must be ASCII letters, digits and '-'")
        }
        let md5 = password.map { "\n    auth-password = \"\($0)\"" } ?? ""
        var text = "[global.config]\n  as = \(asn)\n  router-id = \"\(routerID)\"\n  port = 179\n"
        for neighbor in neighbors {
            text += """
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "\(neighbor)"
                    peer-as = \(remoteAS)\(md5)
                  [neighbors.timers.config]
                    connect-retry = 1
                    hold-time = 9
                    keepalive-interval = 3
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "ipv4-unicast"

                """
        }
        config = text
    }

    public func start(timeout: Duration = .seconds(20)) async throws {
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try lab.spawn(in: namespace, ["/usr/bin/gobgpd", "-f", configPath, "-t", "toml", "-p", "--api-hosts", apiTarget,
                                                "--pprof-disable"], name: "\(name)-gobgpd")
        try await waitUntil("\(name): gobgp answers", timeout: timeout, diagnostics: { self.diagnostics() }) {
            try? self.gobgp(["global"])
        } until: { $0 != nil }
    }

    /// SIGTERM (gobgpd closes its sessions), SIGKILL after `grace`; `start()` may run again after it.
    public func stop(grace: Duration = .seconds(3)) {
        process?.stop(grace: grace)
        process = nil
    }

    public func gobgp(_ arguments: [String]) throws -> String {
        let result = try LabCommand.run(["/usr/bin/gobgp", "--target", apiTarget] + arguments, timeout: .seconds(10))
        guard result.succeeded else { throw LabError("gobgp failed: \(result)") }
        return result.stdout
    }

    /// `gobgp neighbor ADDR -j`'s `state.session_state` (6: Established).
    public func sessionState(_ address: String) throws -> Int {
        let object = try LooseJSON.object(try gobgp(["neighbor", address, "-j"]), what: "gobgp neighbor")
        return LooseJSON.int((object["state"] as? [String: Any])?["session_state"]) ?? 0
    }

    /// `gobgp neighbor ADDR -j`'s negotiated hold time (`timers.state.negotiated_hold_time`).
    public func negotiatedHoldTime(_ address: String) throws -> Int? {
        let object = try LooseJSON.object(try gobgp(["neighbor", address, "-j"]), what: "gobgp neighbor")
        let state = (object["timers"] as? [String: Any])?["state"] as? [String: Any]
        return LooseJSON.int(state?["negotiated_hold_time"])
    }

    /// `gobgp neighbor ADDR -j`: the IPv4 unicast family's End-of-RIB received flag
    /// (`afi_safis[].mp_graceful_restart.state.end_of_rib_received`, RFC 4724 §2); false when absent.
    public func endOfRIBReceived(_ address: String) throws -> Bool {
        let object = try LooseJSON.object(try gobgp(["neighbor", address, "-j"]), what: "gobgp neighbor")
        func find(_ node: Any?) -> Bool {
            if let dictionary = node as? [String: Any] {
                if LooseJSON.bool(dictionary["end_of_rib_received"]) == true { return true }
                return dictionary.values.contains { find($0) }
            }
            return (node as? [Any])?.contains { find($0) } ?? false
        }
        return find(object["afi_safis"])
    }

    /// The prefixes of GoBGP's global RIB.
    public func ribPrefixes() throws -> [String] {
        let object = try LooseJSON.object(try gobgp(["global", "rib", "-a", "ipv4", "-j"]), what: "gobgp global rib")
        return Array(object.keys)
    }

    /// gobgpd's whole log (stdout and stderr).
    public func log() -> String {
        (try? String(contentsOfFile: "\(lab.directory)/\(name)-gobgpd.log", encoding: .utf8)) ?? ""
    }

    public func diagnostics() -> String {
        "--- \(name) gobgpd log\n" + LabCommand.tail(ofFile: "\(lab.directory)/\(name)-gobgpd.log", lines: 30)
    }
}

// `transit-bgp config` output fed to the real parsers: FRR 8.4's vtysh (`--dryrun`), strongSwan 5.9's
// charon (over vici, with swanctl), and a bgpd loaded with the generated configuration against our
// speaker.
//
// - FRR: every bundled topology's configuration (and edited variants: MD5 key with special
//   characters, MED/origin/well-known communities) passes `vtysh --dryrun -f FILE`; the same file
//   with one misspelt command fails with the line number, so the check can fail.
// - strongSwan: a charon started by the test (its own strongswan.conf, vici socket and pid file in
//   the lab dir, inside a namespace the test creates) loads every generated swanctl.conf with
//   `swanctl --load-all`; `--list-conns` shows both tunnel connections; the charon log (cfg level 2
//   prints each connection as parsed) shows the proposals, lifetimes, if_ids, traffic selectors and
//   identities the topology asks for. A file with a syntax error and one with an unknown algorithm
//   are refused.
// - IKE: the generated swanctl.conf (IKEv2 with FQDN identities and a key with every allowed special
//   character; IKEv1 main mode) negotiates both IKE SAs, with the topology's proposals, against a
//   second charon configured by hand as the cloud side. (The lab kernel has no ESP, so the CHILD_SAs
//   are negotiated but cannot be installed; the test checks the proposals both ends selected.)
// - BGP: the generated frr.conf of `prepend-tunnel-2` with an MD5 key (minus the zebra/staticd/vtysh
//   lines, as bgpd runs alone) brings up both sessions with `transit-bgp speak`, and the speaker's
//   tables then equal what `transit-bgp simulate --json` computes for the same topology.
//
// No test skips: a missing tool fails with a pointer to `bash Tests/lab/install-deps.sh`.

import Foundation
import LabKit
import Testing

/// Helpers shared by the tests of this suite.
private enum ConfigLab {
    /// `transit-bgp config TOPOLOGY CONNECTION --format FORMAT`; throws unless it exits 0.
    static func generate(_ topology: String, _ connection: String, _ format: String) throws -> String {
        let binary = try SpeakerBinary.locate()
        return try LabCommand.run([binary, "config", topology, connection, "--format", format]).check().stdout
    }

    /// Every bundled topology with its connection IDs.
    static func bundled() throws -> [(topology: String, path: String, connections: [String])] {
        let directory = "\(SpeakerBinary.repositoryRoot)/Topologies"
        var result: [(String, String, [String])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            let path = "\(directory)/\(name)/topology.json"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let topology = try SpeakerTopology.bundled(name)
            let connections = (topology.root["ipsec_connections"] as? [[String: Any]] ?? [])
                .compactMap { $0["vpn_connection_id"] as? String }
            result.append((name, path, connections))
        }
        guard !result.isEmpty else { throw LabError("no bundled topologies under \(directory)") }
        return result
    }

    /// `vtysh --dryrun -f PATH`.
    static func vtyshDryRun(_ path: String) throws -> CommandResult {
        try LabCommand.run([try FRRInstance.locateVtysh(), "--dryrun", "-f", path])
    }

    /// The lines of a vtysh dry run that report a problem (`line N: % …`).
    static func complaints(_ result: CommandResult) -> [String] {
        (result.stdout + "\n" + result.stderr).split(separator: "\n").map(String.init).filter { $0.contains("% ") }
    }

    /// The bundled topology `name` with `edit` applied, written into the lab dir.
    static func topology(_ name: String, in lab: Lab, as file: String, edit: (inout SpeakerTopology) -> Void = { _ in }) throws -> String {
        var topology = try SpeakerTopology.bundled(name)
        edit(&topology)
        return try topology.write(to: "\(lab.directory)/\(file)")
    }

    /// Edits the first connection's tunnel `index` (its JSON object).
    static func editTunnel(_ topology: inout SpeakerTopology, _ index: Int, _ change: (inout [String: Any]) -> Void) {
        topology.editTunnels { tunnel in
            if tunnel["tunnel_index"] as? Int == index { change(&tunnel) }
        }
    }

    /// Replaces the data centers' `announce` list.
    static func setAnnouncements(_ topology: inout SpeakerTopology, _ announce: [[String: Any]]) {
        var centers = topology.root["data_centers"] as? [[String: Any]] ?? []
        for index in centers.indices { centers[index]["announce"] = announce }
        topology.root["data_centers"] = centers
    }
}

/// What charon must have parsed for one tunnel connection.
private struct ExpectedTunnel {
    var version = "2"
    var aggressive = "0"
    var ikeProposal = "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"
    var espProposal = "ESP:AES_CBC_128/HMAC_SHA1_96/MODP_1024/NO_EXT_SEQ"
    var rekeyTime = "86400"
    var reauthTime = "0"
    var childRekeyTime = "86400"
    var dpdDelay = "10"
    var dpdTimeout = "0"
    /// strongSwan 5.9 logs `restart` as start and `clear` as none: `clear` without a gateway address
    /// (this end only answers), `restart` with one.
    var dpdAction: String { remoteAddresses == "%any" ? "none" : "start" }
    var localTS = "0.0.0.0/0"
    var remoteTS = "0.0.0.0/0"
    var localID: String
    var remoteID = "%any"
    var remoteAddresses = "%any"
    var startAction = "none"
}

@Suite("On-premises configuration (transit-bgp config) in FRR and strongSwan", .serialized)
struct OnPremisesConfigInteropTests {
    // MARK: FRR

    @Test("vtysh --dryrun accepts every generated frr.conf and refuses a broken one")
    func frrParsesEveryGeneratedConfiguration() throws {
        let lab = try Lab()
        defer { lab.teardown() }
        var files: [(String, String)] = []
        for entry in try ConfigLab.bundled() {
            for connection in entry.connections {
                files.append(("\(entry.topology) \(connection)", try ConfigLab.generate(entry.path, connection, "frr")))
            }
        }
        let keyed = try ConfigLab.topology("prepend-tunnel-2", in: lab, as: "keyed.json") { topology in
            topology.setAuthKey("Md5!Key#1$%^&*()[]{}")
        }
        files.append(("prepend-tunnel-2 with an MD5 key", try ConfigLab.generate(keyed, "vco-dc1", "frr")))
        let attributes = try ConfigLab.topology("dual-tunnel-bgp", in: lab, as: "attributes.json") { topology in
            ConfigLab.setAnnouncements(&topology, [
                ["prefix": "192.168.0.0/16", "med": 50, "origin": "incomplete", "communities": ["no-export", "65001:7"]],
                ["prefix": "172.16.10.0/24", "origin": "egp", "as_path_prepend": 3],
            ])
        }
        files.append(("dual-tunnel-bgp with MED, origin, communities", try ConfigLab.generate(attributes, "vco-dc1", "frr")))
        #expect(files.count >= 15)

        for (index, (what, text)) in files.enumerated() {
            let path = "\(lab.directory)/frr-\(index).conf"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try ConfigLab.vtyshDryRun(path)
            #expect(result.succeeded && ConfigLab.complaints(result).isEmpty, "\(what): vtysh refuses it: \(result)\n\(text)")
        }

        // The same check catches a broken line: insert a misspelt neighbor command after `router bgp`.
        let good = try ConfigLab.generate("\(SpeakerBinary.repositoryRoot)/Topologies/dual-tunnel-bgp/topology.json", "vco-dc1", "frr")
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let router = try #require(lines.firstIndex(of: "router bgp 65001"))
        lines.insert(" neighbor 169.254.10.1 remote-ass 45104", at: router + 1)
        let broken = "\(lab.directory)/frr-broken.conf"
        try lines.joined(separator: "\n").write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try ConfigLab.vtyshDryRun(broken)
        #expect(!refused.succeeded, "vtysh accepted a misspelt command: \(refused)")
        #expect(ConfigLab.complaints(refused).contains { $0.contains("line \(router + 2):") && $0.contains("remote-ass") },
                "vtysh does not name the broken line \(router + 2): \(refused)")
    }

    // MARK: strongSwan

    @Test("charon loads every generated swanctl.conf with the topology's proposals and refuses broken ones")
    func strongSwanLoadsEveryGeneratedConfiguration() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let namespace = try lab.namespace("ipsec")
        let charon = try StrongSwanInstance(lab: lab, namespace: namespace, name: "dc")
        try await charon.start()

        // (what, connection, file text, expected tunnel 1, expected tunnel 2)
        var cases: [(String, String, String, ExpectedTunnel, ExpectedTunnel)] = []
        for entry in try ConfigLab.bundled() {
            let topology = try SpeakerTopology.bundled(entry.topology)
            let gateways = Dictionary(uniqueKeysWithValues: (topology.root["customer_gateways"] as? [[String: Any]] ?? []).compactMap { gateway in
                (gateway["customer_gateway_id"] as? String).map { ($0, gateway["ip_address"] as? String ?? "?") }
            })
            for connection in (topology.root["ipsec_connections"] as? [[String: Any]] ?? []) {
                guard let id = connection["vpn_connection_id"] as? String else { continue }
                let tunnels = (connection["tunnel_options_specification"] as? [[String: Any]] ?? [])
                    .sorted { ($0["tunnel_index"] as? Int ?? 0) < ($1["tunnel_index"] as? Int ?? 0) }
                var expected = tunnels.map { tunnel in
                    var tunnelExpected = ExpectedTunnel(localID: gateways[tunnel["customer_gateway_id"] as? String ?? ""] ?? "?")
                    // The bundled topologies give the cloud's gateway IPs: this end knows its peer and initiates.
                    if let gatewayIP = tunnel["gateway_ip"] as? String {
                        tunnelExpected.remoteID = gatewayIP
                        tunnelExpected.remoteAddresses = gatewayIP
                        tunnelExpected.startAction = "start"
                    }
                    return tunnelExpected
                }
                if let local = connection["local_subnet"] as? String, let remote = connection["remote_subnet"] as? String,
                   local != "0.0.0.0/0" || remote != "0.0.0.0/0" {
                    for index in expected.indices {
                        expected[index].localTS = remote.replacingOccurrences(of: ",", with: " ")
                        expected[index].remoteTS = local.replacingOccurrences(of: ",", with: " ")
                    }
                }
                try #require(expected.count == 2, "\(entry.topology) \(id): expected two tunnels")
                cases.append(("\(entry.topology) \(id)", id, try ConfigLab.generate(entry.path, id, "strongswan"), expected[0], expected[1]))
            }
        }

        // IKEv1 (aggressive on tunnel 1), other algorithms, no PFS, other lifetimes and DPD, a known
        // gateway IP with FQDN identities, and a key with every special character allowed.
        let variant = try ConfigLab.topology("dual-tunnel-bgp", in: lab, as: "variant.json") { topology in
            ConfigLab.editTunnel(&topology, 1) { tunnel in
                tunnel["gateway_ip"] = "198.51.100.1"
                tunnel["tunnel_ike_config"] = [
                    "ike_version": "ikev1", "ike_mode": "aggressive", "ike_enc_alg": "3des", "ike_auth_alg": "sha512",
                    "ike_pfs": "group14", "ike_lifetime": 28800, "local_id": "vpn.example.com", "remote_id": "dc1.example.com",
                    "psk": #"K~`!@#$%^&*()_-+={}[]\|;:',.<>/?1"#,
                ]
                tunnel["tunnel_ipsec_config"] = ["ipsec_enc_alg": "aes256", "ipsec_auth_alg": "md5", "ipsec_pfs": "disabled",
                                                 "ipsec_lifetime": 3600]
            }
            ConfigLab.editTunnel(&topology, 2) { tunnel in
                tunnel["dpd_timeout"] = 45
                tunnel["tunnel_ike_config"] = ["ike_version": "ikev2", "ike_enc_alg": "aes256", "ike_auth_alg": "sha256",
                                               "ike_pfs": "group5", "psk": "tunnel2-Secret"]
                tunnel["tunnel_ipsec_config"] = ["ipsec_enc_alg": "aes192", "ipsec_auth_alg": "sha384", "ipsec_pfs": "group1",
                                                 "ipsec_lifetime": 0]
            }
        }
        var first = ExpectedTunnel(localID: "dc1.example.com")
        first.version = "1"
        first.aggressive = "1"
        first.ikeProposal = "IKE:3DES_CBC/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_2048"
        first.espProposal = "ESP:AES_CBC_256/HMAC_MD5_96/NO_EXT_SEQ"
        first.rekeyTime = "0"
        first.reauthTime = "28800"
        first.childRekeyTime = "3600"
        first.dpdTimeout = "30"
        first.remoteID = "vpn.example.com"
        first.remoteAddresses = "198.51.100.1"
        first.startAction = "start"
        var second = ExpectedTunnel(localID: "203.0.113.20")
        second.ikeProposal = "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1536"
        second.espProposal = "ESP:AES_CBC_192/HMAC_SHA2_384_192/MODP_768/NO_EXT_SEQ"
        second.childRekeyTime = "0"
        second.dpdDelay = "15"
        // The bundled topology gives tunnel 2's gateway IP.
        second.remoteID = "198.51.100.2"
        second.remoteAddresses = "198.51.100.2"
        second.startAction = "start"
        cases.append(("dual-tunnel-bgp variant", "vco-dc1", try ConfigLab.generate(variant, "vco-dc1", "strongswan"), first, second))

        for (index, (what, connection, text, tunnel1, tunnel2)) in cases.enumerated() {
            let path = "\(lab.directory)/swanctl-\(index).conf"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let load = try charon.loadAll(file: path)
            #expect(load.refusal == nil, "\(what): swanctl/charon refuse it: \(load.refusal ?? "") \(load)\n\(text)")
            #expect(load.connectionsLoaded == 2, "\(what): \(load)")
            #expect(load.secretsLoaded == ["ike-\(connection)-tunnel1", "ike-\(connection)-tunnel2"], "\(what): \(load)")
            let names = ["\(connection)-tunnel1", "\(connection)-tunnel2"]
            #expect(try charon.connectionNames() == names, "\(what)")
            let logged = charon.loggedConnections()
            for (name, expected, interfaceID) in [(names[0], tunnel1, "1"), (names[1], tunnel2, "2")] {
                guard let conn = logged[name], let child = conn.children[name] else {
                    Issue.record("\(what): charon did not log connection \(name)\n\(charon.diagnostics())")
                    continue
                }
                let s = conn.settings
                #expect(s["version"] == expected.version, "\(what) \(name): version \(s)")
                #expect(s["aggressive"] == expected.aggressive, "\(what) \(name): aggressive \(s)")
                #expect(s["proposals"] == expected.ikeProposal, "\(what) \(name): IKE proposal \(s)")
                #expect(s["rekey_time"] == expected.rekeyTime && s["reauth_time"] == expected.reauthTime,
                        "\(what) \(name): IKE lifetimes \(s)")
                #expect(s["dpd_delay"] == expected.dpdDelay && s["dpd_timeout"] == expected.dpdTimeout, "\(what) \(name): DPD \(s)")
                #expect(s["remote_addrs"] == expected.remoteAddresses, "\(what) \(name): remote_addrs \(s)")
                #expect(s["local.id"] == expected.localID && s["remote.id"] == expected.remoteID, "\(what) \(name): identities \(s)")
                #expect(s["local.class"] == "pre-shared key" && s["remote.class"] == "pre-shared key", "\(what) \(name): auth \(s)")
                #expect(s["keyingtries"] == "0" && s["mobike"] == "0", "\(what) \(name): \(s)")
                #expect(child["proposals"] == expected.espProposal, "\(what) \(name): ESP proposal \(child)")
                #expect(child["rekey_time"] == expected.childRekeyTime, "\(what) \(name): child lifetime \(child)")
                #expect(child["if_id_in"] == interfaceID && child["if_id_out"] == interfaceID, "\(what) \(name): if_id \(child)")
                #expect(child["local_ts"] == expected.localTS && child["remote_ts"] == expected.remoteTS,
                        "\(what) \(name): traffic selectors \(child)")
                #expect(child["dpd_action"] == (expected.dpdDelay == "0" ? "none" : expected.dpdAction), "\(what) \(name): \(child)")
                #expect(child["start_action"] == expected.startAction, "\(what) \(name): start_action \(child)")
            }
        }

        // Broken files are refused. A syntax error (the last brace missing): swanctl reports it and
        // nothing stays loaded (it may still exit 0, which is why `refusal` reads the text).
        let good = try ConfigLab.generate("\(SpeakerBinary.repositoryRoot)/Topologies/dual-tunnel-bgp/topology.json", "vco-dc1", "strongswan")
        let truncated = "\(lab.directory)/swanctl-syntax.conf"
        try String(good.dropLast(2)).write(toFile: truncated, atomically: true, encoding: .utf8)
        let syntax = try charon.loadAll(file: truncated)
        #expect(syntax.refusal != nil, "a file without its last brace loaded: \(syntax)")
        #expect(try charon.connectionNames().isEmpty)
        // An algorithm strongSwan does not know: charon refuses the connection.
        let unknown = "\(lab.directory)/swanctl-algorithm.conf"
        try good.replacingOccurrences(of: "esp_proposals = aes128-sha1-modp1024", with: "esp_proposals = aes128-sha1-modp9999")
            .write(toFile: unknown, atomically: true, encoding: .utf8)
        let algorithm = try charon.loadAll(file: unknown)
        #expect(algorithm.refusal != nil && !algorithm.result.succeeded, "an unknown DH group loaded: \(algorithm)")
        #expect(try charon.connectionNames().isEmpty)

        charon.stop()
        #expect(charon.process?.isAlive == false)
    }

    // MARK: strongSwan against a cloud side

    /// The cloud side of the negotiation test's two tunnels, written by hand from the topology's
    /// values (not by `transit-bgp`): what the Alibaba Cloud gateway does. Keys are hex (`0x…`) so
    /// that this file does not share the generator's quoting.
    private static func cloudSide(psk1: String, psk2: String) -> String {
        func hex(_ text: String) -> String { "0x" + text.utf8.map { String(format: "%02x", $0) }.joined() }
        return """
            connections {
                cloud-tunnel1 {
                    version = 2
                    local_addrs = 198.51.100.1
                    remote_addrs = 203.0.113.10
                    proposals = aes256-sha256-modp2048
                    local {
                        auth = psk
                        id = vpn.example.com
                    }
                    remote {
                        auth = psk
                        id = dc1.example.com
                    }
                    children {
                        cloud-tunnel1 {
                            local_ts = 0.0.0.0/0
                            remote_ts = 0.0.0.0/0
                            esp_proposals = aes192-sha384
                        }
                    }
                }
                cloud-tunnel2 {
                    version = 1
                    local_addrs = 198.51.100.2
                    remote_addrs = 203.0.113.20
                    proposals = aes128-md5-modp1024
                    local {
                        auth = psk
                    }
                    remote {
                        auth = psk
                    }
                    children {
                        cloud-tunnel2 {
                            local_ts = 0.0.0.0/0
                            remote_ts = 0.0.0.0/0
                            esp_proposals = aes256-sha512-modp2048
                        }
                    }
                }
            }
            secrets {
                ike-1 {
                    id-a = vpn.example.com
                    id-b = dc1.example.com
                    secret = \(hex(psk1))
                }
                ike-2 {
                    id-a = 198.51.100.2
                    id-b = 203.0.113.20
                    secret = \(hex(psk2))
                }
            }

            """
    }

    @Test("the generated swanctl.conf negotiates both IKE SAs with a cloud-side charon")
    func generatedStrongSwanConfigurationNegotiatesWithTheCloudSide() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        // One wire: the customer gateways' addresses on the data center's end, the tunnels' gateway
        // IPs on the cloud's.
        try lab.link(dc, "203.0.113.10/24", cloud, "198.51.100.1/24", interface: "wan")
        try dc.runChecked([dc.ipPath, "addr", "add", "203.0.113.20/24", "dev", "wan"])
        try cloud.runChecked([cloud.ipPath, "addr", "add", "198.51.100.2/24", "dev", "wan"])
        try dc.runChecked([dc.ipPath, "route", "add", "198.51.100.0/24", "dev", "wan"])
        try cloud.runChecked([cloud.ipPath, "route", "add", "203.0.113.0/24", "dev", "wan"])

        // Tunnel 1: IKEv2 with FQDN identities, a key with every special character allowed, no PFS;
        // tunnel 2: IKEv1 main mode (identities: the addresses), MD5, PFS group 14.
        let psk1 = #"K~`!@#$%^&*()_-+={}[]\|;:',.<>/?1"#
        let psk2 = "tunnel2-Secret"
        let topology = try ConfigLab.topology("dual-tunnel-bgp", in: lab, as: "topology.json") { topology in
            ConfigLab.editTunnel(&topology, 1) { tunnel in
                tunnel["gateway_ip"] = "198.51.100.1"
                tunnel["tunnel_ike_config"] = [
                    "ike_version": "ikev2", "ike_enc_alg": "aes256", "ike_auth_alg": "sha256", "ike_pfs": "group14",
                    "local_id": "vpn.example.com", "remote_id": "dc1.example.com", "psk": psk1,
                ]
                tunnel["tunnel_ipsec_config"] = ["ipsec_enc_alg": "aes192", "ipsec_auth_alg": "sha384", "ipsec_pfs": "disabled"]
            }
            ConfigLab.editTunnel(&topology, 2) { tunnel in
                tunnel["gateway_ip"] = "198.51.100.2"
                tunnel["tunnel_ike_config"] = ["ike_version": "ikev1", "ike_auth_alg": "md5", "psk": psk2]
                tunnel["tunnel_ipsec_config"] = ["ipsec_enc_alg": "aes256", "ipsec_auth_alg": "sha512", "ipsec_pfs": "group14"]
            }
        }
        let generated = "\(lab.directory)/dc-swanctl.conf"
        try ConfigLab.generate(topology, "vco-dc1", "strongswan").write(toFile: generated, atomically: true, encoding: .utf8)
        let cloudFile = "\(lab.directory)/cloud-swanctl.conf"
        try Self.cloudSide(psk1: psk1, psk2: psk2).write(toFile: cloudFile, atomically: true, encoding: .utf8)

        let cloudCharon = try StrongSwanInstance(lab: lab, namespace: cloud, name: "cloud")
        let dcCharon = try StrongSwanInstance(lab: lab, namespace: dc, name: "dc")
        try await cloudCharon.start()
        try await dcCharon.start()
        let cloudLoad = try cloudCharon.loadAll(file: cloudFile)
        #expect(cloudLoad.refusal == nil && cloudLoad.connectionsLoaded == 2, "the cloud side: \(cloudLoad)")
        // start_action = start: the data center initiates both tunnels as soon as they load.
        let dcLoad = try dcCharon.loadAll(file: generated)
        #expect(dcLoad.refusal == nil && dcLoad.connectionsLoaded == 2, "the data center: \(dcLoad)")

        let diagnostics = { dcCharon.diagnostics() + "\n" + cloudCharon.diagnostics() }
        for (charon, names) in [(dcCharon, ["vco-dc1-tunnel1", "vco-dc1-tunnel2"]), (cloudCharon, ["cloud-tunnel1", "cloud-tunnel2"])] {
            try await waitUntil("\(charon.name): IKE SAs \(names) established", timeout: .seconds(30), diagnostics: diagnostics) {
                let sas = try charon.swanctl(["--list-sas"]).check().stdout
                return names.allSatisfy { name in
                    sas.split(separator: "\n").contains { $0.hasPrefix("\(name): #") && $0.contains("ESTABLISHED") }
                }
            }
        }
        // Both ends agreed on exactly the topology's algorithms, phase 1 and phase 2 (the responder
        // logs the phase 2 choice of IKEv2's first CHILD_SA, the initiator IKEv1's).
        let log = [dcCharon, cloudCharon].map { (try? String(contentsOfFile: $0.logPath, encoding: .utf8)) ?? "" }
            .joined(separator: "\n")
        for proposal in [
            "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
            "IKE:AES_CBC_128/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024",
            "ESP:AES_CBC_192/HMAC_SHA2_384_192/NO_EXT_SEQ",
            "ESP:AES_CBC_256/HMAC_SHA2_512_256/MODP_2048/NO_EXT_SEQ",
        ] {
            #expect(log.contains("selected proposal: \(proposal)"), "\(proposal) was not selected\n\(diagnostics())")
        }
        #expect(log.contains("authentication of 'vpn.example.com' with pre-shared key successful"), "\(diagnostics())")
    }

    // MARK: FRR against the speaker

    @Test("the generated frr.conf brings up both sessions with an MD5 key and gives the simulator's tables")
    func generatedFRRConfigurationMatchesTheSimulation() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        let topology = try ConfigLab.topology("prepend-tunnel-2", in: lab, as: "topology.json") { topology in
            topology.setAuthKey("Md5!Key#1$%^&*()")
        }
        let generated = try ConfigLab.generate(topology, "vco-dc1", "frr")
        #expect(generated.contains("\n neighbor 169.254.10.1 password Md5!Key#1$%^&*()\n"))

        // bgpd runs without zebra, staticd and vtysh: drop the lines only they understand (interface
        // addresses, static routes, the integrated-config switch); the lab's veth pairs carry the
        // addresses. Everything else is loaded as generated.
        let bgpOnly = generated.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !line.hasPrefix(" ip address ") && !line.hasPrefix("ip route ") && line != "service integrated-vtysh-config"
        }
        let placeholder = FRRConfig(hostname: "dc1", routerID: "169.254.10.2", localAS: 65001)
        let frr = try FRRInstance(lab: lab, namespace: dc, name: "dc", config: placeholder)
        frr.configText = "log file \(frr.logPath) informational\n" + bgpOnly.joined(separator: "\n")
        try await frr.start()
        let speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: topology)
        try await speaker.start()
        let diagnostics = { speaker.diagnostics() + "\n" + frr.diagnostics() }

        try await speaker.waitForSessions(timeout: .seconds(40), extraDiagnostics: frr.diagnostics)
        for address in ["169.254.10.1", "169.254.20.1"] {
            try await frr.waitForState(neighbor: address, timeout: .seconds(20))
        }
        // The cloud's VPC routes reach FRR over both tunnels.
        for prefix in ["10.0.0.0/16", "10.1.0.0/16"] {
            try await frr.waitForPaths(prefix, count: 2, timeout: .seconds(30))
        }

        // The live tables equal the simulation of the same file: FRR announces what data_centers says,
        // prepended on tunnel 2, with the community, and sends the cloud's routes nowhere.
        let binary = try SpeakerBinary.locate()
        let simulated = try LooseJSON.object(
            try LabCommand.run([binary, "simulate", topology, "--json"]).check().stdout, what: "simulate --json")
        let expectedBGP = try #require((simulated["connections"] as? [String: Any])?["vco-dc1"] as? [String: Any])["bgp"]
        let expectedTR = try #require((simulated["transit_router"] as? [String: Any])?["vtb-default"])
        // One row per prefix: two VPN_BGP rows (tunnel 2's prepended path in `other_paths`), two CLOUD rows.
        #expect((expectedBGP as? [Any])?.count == 4, "simulate: \(expectedBGP ?? "nil")")
        #expect((expectedBGP as? [[String: Any]])?.filter { ($0["other_paths"] as? [Any])?.count == 1 }.count == 2,
                "simulate: \(expectedBGP ?? "nil")")
        try await waitUntil("the speaker's tables equal the simulation", timeout: .seconds(30), diagnostics: diagnostics) {
            let live = try LooseJSON.object(try speaker.control(["show", "tables"], json: true), what: "show tables --json")
            let bgp = ((live["connections"] as? [String: Any])?["vco-dc1"] as? [String: Any])?["bgp"]
            let tr = (live["transit_router"] as? [String: Any])?["vtb-default"]
            return (bgp as? NSArray)?.isEqual(expectedBGP) == true && (tr as? NSArray)?.isEqual(expectedTR) == true
        }
    }
}

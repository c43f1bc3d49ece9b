import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Testing
import Topology

/// The pure half of `transit-bgp lab` and `verify --lab`: what the lab builds for a topology
/// (``LabPlan``) and how what the speaker and FRR answer becomes the simulator's expectation view
/// (``LabView``). The live half runs in `Tests/InteropTests/LabInteropTests.swift`.
@Suite struct LabPlanTests {
    static func load(_ name: String) throws -> TopologyDocument {
        try OnPremisesConfigTests.load(name)
    }

    @Test func dualTunnelBGPHasOneDataCenterWithTwoVethPairs() throws {
        let plan = try LabPlan(document: Self.load("dual-tunnel-bgp"))
        #expect(plan.dataCenters.map(\.role) == ["dc1"])
        #expect(plan.dataCenters[0].name == "dc1")
        #expect(plan.dataCenters[0].asn.rawValue == 65001)
        #expect(plan.skipped.isEmpty && plan.deliberateFaults.isEmpty)
        let tunnels = plan.tunnels
        #expect(tunnels.map(\.name) == ["vco-dc1/1", "vco-dc1/2"])
        #expect(tunnels.map(\.cloudInterface) == ["c1-tun1", "c1-tun2"])
        #expect(tunnels.map(\.dataCenterInterface) == ["xfrm1", "xfrm2"], "the generated frr.conf's interface names")
        #expect(tunnels.map(\.cloudAddress.description) == ["169.254.10.1", "169.254.20.1"])
        #expect(tunnels.map(\.dataCenterAddress.description) == ["169.254.10.2", "169.254.20.2"])
        #expect(tunnels.map(\.tunnelCIDR.description) == ["169.254.10.0/30", "169.254.20.0/30"])
        #expect(tunnels.map(\.announced) == [2, 2])
    }

    @Test func bgpdLoadsTheGeneratedConfigurationWithoutTheOtherDaemonsLines() throws {
        let document = try Self.load("prepend-tunnel-2")
        let plan = try LabPlan(document: document)
        let generated = try OnPremisesConfig(document: document, connectionID: "vco-dc1").rendered(as: .frr)
        #expect(plan.dataCenters[0].frrConfig == generated)
        let kept = plan.dataCenters[0].bgpdConfig.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let dropped = generated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !kept.contains($0) }
        #expect(dropped == [
            "service integrated-vtysh-config", " ip address 169.254.10.2/30", " ip address 169.254.20.2/30",
        ])
        #expect(kept.contains("router bgp 65001") && kept.contains(" neighbor 169.254.20.1 remote-as 45104"))
        #expect(kept.contains("interface xfrm1"))
    }

    @Test func twoDataCentersGetTwoNamespacesAndDistinctCloudInterfaces() throws {
        let plan = try LabPlan(document: Self.load("two-data-centers"))
        #expect(plan.dataCenters.map(\.role) == ["dc1", "dc2"])
        #expect(plan.dataCenters.map(\.connectionID) == ["vco-dc1", "vco-dc2"])
        #expect(plan.tunnels.map(\.cloudInterface) == ["c1-tun1", "c1-tun2", "c2-tun1", "c2-tun2"])
        #expect(plan.dataCenter(of: "vco-dc2")?.tunnels.map(\.dataCenterInterface) == ["xfrm1", "xfrm2"])
        #expect(plan.tunnel(named: "vco-dc2/2")?.cloudAddress.description == "169.254.40.1")
    }

    @Test func aTopologyWithoutBGPCannotBeALab() throws {
        #expect {
            try LabPlan(document: Self.load("protected-data-flows"))
        } throws: { ($0 as? LabPlanError)?.code == .noBGPConnection }
    }

    @Test func deliberateDataCenterFaultsAreListed() throws {
        let plan = try LabPlan(document: Self.load("tunnel-1-down"))
        #expect(plan.deliberateFaults == ["dc1 tunnel 1 is shut down (up: false)"])
    }

    @Test func twoConnectionsOnOneTunnelCIDRAreRefused() throws {
        let document = try OnPremisesConfigTests.load("two-data-centers", replacing: [
            ("\"169.254.30.0/30\"", "\"169.254.10.0/30\""), ("\"169.254.30.1\"", "\"169.254.10.1\""),
        ])
        #expect {
            try LabPlan(document: document)
        } throws: { ($0 as? LabPlanError)?.code == .tunnelAddressConflict }
    }
}

/// ``LabView``: speaker and FRR JSON (as FRR 8.4 prints it) into the simulator's vocabulary.
@Suite struct LabViewTests {
    static func node(_ text: String) throws -> JSONNode { try JSONParser.parse(text) }

    static let sessions = """
        {"sessions": [
          {"connection": "vco-dc1", "tunnel": 1, "state": "established", "tunnel_up": true, "tunnel_down_reason": null,
           "received_prefixes": 2, "advertised_prefixes": 2, "last_error": null},
          {"connection": "vco-dc1", "tunnel": 2, "state": "idle", "tunnel_up": false, "tunnel_down_reason": "dpd_timeout",
           "received_prefixes": 0, "advertised_prefixes": 0, "last_error": "TCP connection failed"}]}
        """

    static let summary = """
        {"ipv4Unicast": {"routerId": "169.254.10.2", "as": 65001, "peers": {
          "169.254.10.1": {"remoteAs": 45104, "pfxRcd": 2, "pfxSnt": 2, "state": "Established", "peerState": "OK"},
          "169.254.20.1": {"remoteAs": 45104, "state": "Idle (Admin)", "peerState": "Admin"}}}}
        """

    /// `show bgp ipv4 unicast json detail`: a header element, then the paths; a local path (peer
    /// 0.0.0.0), one with a MED and communities, one with an AS_SET.
    static let routes = """
        {"vrfId": 0, "routerId": "169.254.10.2", "routes": {
          "10.1.0.0/16": [{"prefix": "10.1.0.0/16", "version": 4},
            {"aspath": {"string": "45104 {64512,64513}", "segments": [{"type": "as-sequence", "list": [45104]},
              {"type": "as-set", "list": [64512, 64513]}], "length": 2}, "origin": "incomplete", "valid": true,
             "nexthops": [{"ip": "169.254.10.1", "afi": "ipv4", "used": true}], "peer": {"peerId": "169.254.10.1", "type": "external"}}],
          "10.0.0.0/16": [{"prefix": "10.0.0.0/16", "version": 3},
            {"aspath": {"string": "45104", "segments": [{"type": "as-sequence", "list": [45104]}], "length": 1}, "origin": "IGP",
             "metric": 20, "community": {"string": "65001:100 no-export", "list": ["65001:100", "noExport"]},
             "nexthops": [{"ip": "169.254.20.1", "afi": "ipv4", "used": true}], "peer": {"peerId": "169.254.20.1", "type": "external"}},
            {"aspath": {"string": "45104", "segments": [{"type": "as-sequence", "list": [45104]}], "length": 1}, "origin": "IGP",
             "nexthops": [{"ip": "169.254.10.1", "afi": "ipv4", "used": true}], "peer": {"peerId": "169.254.10.1", "type": "external"}}],
          "192.168.0.0/16": [{"prefix": "192.168.0.0/16", "version": 2},
            {"aspath": {"string": "Local", "segments": [], "length": 0}, "origin": "IGP", "metric": 0, "weight": 32768,
             "nexthops": [{"ip": "0.0.0.0", "afi": "ipv4", "used": true}], "peer": {"peerId": "0.0.0.0"}}]}}
        """

    static func observation(faulted: Set<String> = []) throws -> LabObservation {
        LabObservation(
            sessions: try node(sessions), tables: try node(#"{"transit_router": {"vtb-default": []}, "connections": {}}"#),
            dataCenters: ["dc1": .init(summary: try node(summary), routes: try node(routes))], faultedTunnels: faulted)
    }

    @Test func tunnelsSpeakTheSimulatorsVocabulary() throws {
        let plan = try LabPlan(document: LabPlanTests.load("dual-tunnel-bgp"))
        let view = LabView.tunnels(plan: plan, observation: try Self.observation())
        #expect(view.rendered(pretty: false) == """
            {"vco-dc1/1":{"ipsec":"up","peer_silent":false,"reason":null,"bgp":"established","data_center_bgp":"established","received":2,"advertised":2,"last_error":null},\
            "vco-dc1/2":{"ipsec":"down","peer_silent":false,"reason":"dpd_timeout","bgp":"idle","data_center_bgp":"idle","received":0,"advertised":0,"last_error":"TCP connection failed"}}
            """)
        let silent = LabView.tunnels(plan: plan, observation: try Self.observation(faulted: ["vco-dc1/1", "vco-dc1/2"]))
        #expect(silent.rendered(pretty: false).contains(#""vco-dc1/1":{"ipsec":"up","peer_silent":true"#))
        #expect(silent.rendered(pretty: false).contains(#""vco-dc1/2":{"ipsec":"down","peer_silent":true"#), "down stays down")
    }

    @Test func dataCentersHoldWhatFRRReceivedPerTunnelSortedByPrefix() throws {
        let plan = try LabPlan(document: LabPlanTests.load("dual-tunnel-bgp"))
        let view = LabView.dataCenters(plan: plan, observation: try Self.observation())
        #expect(view.rendered(pretty: false) == """
            {"dc1":{"1":[{"prefix":"10.0.0.0/16","as_path":[45104],"next_hop":"169.254.10.1","communities":[],"origin":"igp","med":null},\
            {"prefix":"10.1.0.0/16","as_path":[45104,[64512,64513]],"next_hop":"169.254.10.1","communities":[],"origin":"incomplete","med":null}],\
            "2":[{"prefix":"10.0.0.0/16","as_path":[45104],"next_hop":"169.254.20.1","communities":["65001:100","no-export"],"origin":"igp","med":20}]}}
            """)
    }

    @Test func frrStatesAreRFC4271StateCodes() {
        #expect(LabView.normalizedFRRState("Established") == "established")
        #expect(LabView.normalizedFRRState("Idle (Admin)") == "idle")
        #expect(LabView.normalizedFRRState("Clearing") == "idle")
        #expect(LabView.normalizedFRRState("Deleted") == "idle")
        #expect(LabView.normalizedFRRState("Active") == "active")
        #expect(LabView.normalizedFRRState("OpenSent") == "open_sent")
    }

    @Test func theLiveStateMatchesExpectationsWithTheSimulatorsCode() throws {
        let document = try LabPlanTests.load("dual-tunnel-bgp")
        let plan = try LabPlan(document: document)
        let view = ExpectationView.keyed(LabView.state(plan: plan, observation: try Self.observation()))
        // expect[4] asks for the VPC CIDRs on both tunnels: the sample's tunnel 2 lacks 10.1.0.0/16.
        let block = try #require(document.expectations.first { $0.path == "expect[4]" })
        let mismatches = ExpectationMatcher.mismatches(of: block, in: view)
        #expect(mismatches.map(\.path) == [#"data_centers.dc1.2["10.1.0.0/16"]"#], "\(mismatches)")
        // The same blocks against the simulation all pass (the shape is shared).
        let simulated = RouteSimulation.verify(document).results
        #expect(simulated.allSatisfy { $0.passed })
    }
}

// Issue 17, "every problem at once reports false problems": one problem gives one issue (no
// follow-on errors in fields that refer to a bad object), a missing reference is reported even when
// its object has another bad field, echoed values are clipped, and a huge file of empty objects
// reports every issue without a blow-up. Warnings (ignored Terraform fields, duplicate
// announcements, mixed routing mode) let the file load.

import Foundation
import NetworkPrimitives
import Testing
import Topology

@Suite struct ValidationCascadeTests {
    static let dualTunnel: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("Topologies/dual-tunnel-bgp/topology.json"), encoding: .utf8)) ?? ""
    }()

    static func edited(_ edits: [(String, String)]) -> String {
        var text = dualTunnel
        for (old, new) in edits {
            #expect(text.contains(old), "anchor missing: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static func issues(_ text: String) -> [TopologyIssue] {
        do {
            return try TopologyLoader.load(text).warnings
        } catch {
            return error.issues
        }
    }

    @Test func aWrongTypeOnAConnectionFieldGivesOneIssue() {
        let found = Self.issues(Self.edited([(#""enable_tunnels_bgp": true"#, #""enable_tunnels_bgp": "yes""#)]))
        #expect(found.map(\.code) == ["wrong_type"], "\(found)")
        #expect(found.first?.path == "ipsec_connections[0].enable_tunnels_bgp")
    }

    @Test func aBadASNIsNotAlsoAMissingASN() {
        let found = Self.issues(Self.edited([(#""ip_address": "203.0.113.10", "asn": "65001""#, #""ip_address": "203.0.113.10", "asn": "65001x""#)]))
        #expect(found.filter { $0.severity == .error }.map(\.code) == ["invalid_value"], "\(found)")
        #expect(!found.contains { $0.code == "customer_gateway_asn_missing" })
    }

    @Test func anInvalidGatewayIPDoesNotHideAnUnknownGatewayReference() {
        let found = Self.issues(Self.edited([
            (#""ip_address": "203.0.113.10""#, #""ip_address": "203.0.113.300""#),
            ("\"customer_gateway_id\": \"cgw-dc1-b\", \"gateway_ip\"", "\"customer_gateway_id\": \"cgw-dc1-c\", \"gateway_ip\""),
        ]))
        let codes = found.map { "\($0.path) \($0.code)" }
        #expect(codes.contains("customer_gateways[0].ip_address invalid_value"), "\(codes)")
        #expect(codes.contains("ipsec_connections[0].tunnel_options_specification[1].customer_gateway_id customer_gateway_unknown"), "\(codes)")
        // The tunnel whose gateway has the bad IP refers to a gateway that exists: no second issue.
        #expect(!codes.contains("ipsec_connections[0].tunnel_options_specification[0].customer_gateway_id customer_gateway_unknown"))
        #expect(found.first { $0.code == "customer_gateway_unknown" }?.message.contains("known: cgw-dc1-a, cgw-dc1-b") == true)
    }

    @Test func aMissingReferenceIsReportedWhenAnotherFieldOfItsObjectIsBad() {
        let found = Self.issues(Self.edited([
            (#""enable_tunnels_bgp": true"#, #""enable_tunnels_bgp": 1"#),
            ("\"customer_gateway_id\": \"cgw-dc1-b\", \"gateway_ip\"", "\"customer_gateway_id\": \"cgw-nope\", \"gateway_ip\""),
        ]))
        let codes = Set(found.map(\.code))
        #expect(codes == ["wrong_type", "customer_gateway_unknown"], "\(found)")
    }

    @Test func echoedValuesAreAtMost80Characters() {
        let key = String(repeating: "k", count: 100_000)
        let found = Self.issues(Self.edited([(#""vpn_attachment_name": "dc1-dual-tunnel","#, #""vpn_attachment_name": "dc1-dual-tunnel", "\#(key)": 1,"#)]))
        let issue = found.first { $0.code == "unknown_field" }
        #expect(issue != nil)
        #expect((issue?.message.count ?? .max) < 140, "\(issue?.message.prefix(200) ?? "")")
        #expect((issue?.path.count ?? .max) < 140)
        #expect(Echo.clip(String(repeating: "x", count: 81)).count == 80)
        #expect(Echo.clip(String(repeating: "x", count: 80)).count == 80)
    }

    /// A 1.2 MB file of 400,000 empty tunnel objects: every missing field is reported (two per
    /// tunnel), in file order. Timing and memory are measured outside the tests (README, "Benchmarks").
    static func emptyTunnels(_ count: Int) -> String {
        var text = #"{"customer_gateways": [], "transit_router": {"transit_router_id": "tr-x"}, "ipsec_connections": [{"vpn_connection_id": "vco-x", "tunnel_options_specification": ["#
        text.reserveCapacity(count * 3 + 200)
        for i in 0 ..< count { text += i == 0 ? "{}" : ",{}" }
        return text + "]}]}"
    }

    @Test func fourHundredThousandEmptyTunnelsReportEveryMissingField() {
        let text = Self.emptyTunnels(400_000)
        #expect(text.utf8.count > 1_100_000)
        let found = Self.issues(text)
        #expect(found.count == 800_000, "\(found.count)")
        #expect(found.allSatisfy { $0.code == "missing_field" })
        #expect(found[0].path == "ipsec_connections[0].tunnel_options_specification[0].tunnel_index")
        #expect(found[799_999].path == "ipsec_connections[0].tunnel_options_specification[399999].customer_gateway_id")
    }

    // MARK: Warnings

    @Test func terraformFieldsAreAcceptedAndIgnoredWithANote() throws {
        let document = try TopologyLoader.load(Self.edited([(#""vpn_attachment_name": "dc1-dual-tunnel","#,
            #""vpn_attachment_name": "dc1-dual-tunnel", "tags": {"team": "net"}, "tunnel_bandwidth": "Standard", "vpn_connection_name": "x", "resource_group_id": "rg-1","#)]))
        let ignored = document.warnings.filter { $0.code == "ignored_field" }.map(\.path)
        #expect(ignored == ["ipsec_connections[0].tags", "ipsec_connections[0].tunnel_bandwidth", "ipsec_connections[0].vpn_connection_name"])
        #expect(document.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func aDuplicateAnnouncementIsAWarning() throws {
        let document = try TopologyLoader.load(Self.edited([(#""announce": [{"prefix": "192.168.0.0/16"}"#,
            #""announce": [{"prefix": "192.168.0.0/16"}, {"prefix": "192.168.0.0/16", "med": 5}"#)]))
        #expect(document.warnings.map(\.code) == ["duplicate_announcement"])
        #expect(document.dataCenters[0].tunnels[0].announcements.filter { $0.prefix.description == "192.168.0.0/16" }.count == 1)
    }

    @Test func mixedRoutingModeWithARemoteDefaultRouteIsAWarning() throws {
        let document = try TopologyLoader.load(Self.edited([(#""local_subnet": "0.0.0.0/0""#, #""local_subnet": "10.0.0.0/16""#)]))
        let warning = document.warnings.first { $0.code == "mixed_routing_mode_default_route" }
        #expect(warning?.path == "ipsec_connections[0].remote_subnet")
        #expect(warning?.severity == .warning)
    }
}

extension ValidationCascadeTests {
    @Test func anIssueLimitKeepsTheFirstIssuesAndCountsTheRest() {
        do {
            _ = try TopologyLoader.load(Self.emptyTunnels(400_000), issueLimit: 100)
            Issue.record("the file loaded")
        } catch {
            #expect(error.issues.count == 100)
            #expect(error.issues.count + error.omittedErrors == 800_000)
            #expect(error.issues[0].path == "ipsec_connections[0].tunnel_options_specification[0].tunnel_index")
            #expect(error.issues[99].path == "ipsec_connections[0].tunnel_options_specification[49].customer_gateway_id")
        }
    }
}

// `validate --json` (issue 17: the 400,000-object file in under 2 s and 200 MiB): the loader hands
// every issue over as it goes instead of keeping them.
extension ValidationCascadeTests {
    static func streamed(_ text: String, held: Int) -> (issues: [TopologyIssue], result: TopologyLoader.StreamedLoad) {
        nonisolated(unsafe) var written: [TopologyIssue] = []
        let result = TopologyLoader.load(Array(text.utf8), streamingPast: held) { written.append($0) }
        return (written, result)
    }

    @Test func aFileWithFewIssuesStreamsExactlyTheLoadersIssuesInFileOrder() {
        let text = Self.edited([
            (#""ip_address": "203.0.113.10""#, #""ip_address": "203.0.113.300""#),
            ("\"customer_gateway_id\": \"cgw-dc1-b\", \"gateway_ip\"", "\"customer_gateway_id\": \"cgw-dc1-c\", \"gateway_ip\""),
            (#""enable_tunnels_bgp": true"#, #""enable_tunnels_bgp": 1"#),
        ])
        let (written, result) = Self.streamed(text, held: 1_000)
        #expect(written == Self.issues(text))
        #expect(result.errors == written.count && result.warnings == 0)
        #expect(result.document == nil)
        #expect(result.modelChecked)
    }

    @Test func pastTheHeldIssuesEveryIssueIsWrittenOnceAndTheModelRulesAreSkipped() {
        // 5,000 empty tunnels: 10,000 missing fields, read in file order.
        let text = Self.emptyTunnels(5_000)
        let (written, result) = Self.streamed(text, held: 1_000)
        #expect(written == Self.issues(text))
        #expect(result.errors == 10_000 && result.warnings == 0)
        #expect(!result.modelChecked)
    }

    @Test func anUnknownReferenceIsWrittenAfterTheStreamedIssues() {
        // 2,000 tunnels refer to a gateway nobody defines; each also misses its tunnel_index.
        var text = #"{"customer_gateways": [], "transit_router": {"transit_router_id": "tr-x"}, "ipsec_connections": [{"vpn_connection_id": "vco-x", "tunnel_options_specification": ["#
        text += Array(repeating: #"{"customer_gateway_id": "cgw-nope"}"#, count: 2_000).joined(separator: ",") + "]}]}"
        let (written, result) = Self.streamed(text, held: 100)
        #expect(written.count == 4_000)
        #expect(written.prefix(2_000).allSatisfy { $0.code == "missing_field" })
        #expect(written.suffix(2_000).allSatisfy { $0.code == "customer_gateway_unknown" && $0.location != nil })
        #expect(written.last?.path == "ipsec_connections[0].tunnel_options_specification[1999].customer_gateway_id")
        #expect(Set(written) == Set(Self.issues(text)))
        #expect(result.errors == 4_000)
    }

    @Test func aValidFileStreamsItsWarningsAndLoads() {
        let text = Self.edited([(#""local_subnet": "0.0.0.0/0""#, #""local_subnet": "10.0.0.0/16""#)])
        let (written, result) = Self.streamed(text, held: 1_000)
        #expect(written.map(\.code) == ["mixed_routing_mode_default_route"])
        #expect(result.document != nil && result.errors == 0 && result.warnings == 1 && result.modelChecked)
    }
}

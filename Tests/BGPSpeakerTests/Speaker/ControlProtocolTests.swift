// The control socket's request line (issue 15 #7): any UTF-8 text arrives exactly.

import BGPSession
import BGPWire
import NetworkPrimitives
import Testing
@testable import BGPSpeaker

@Suite struct ControlProtocolTests {
    @Test(arguments: [
        ["shutdown", "vco-dc1/1", "a  b"],
        ["shutdown", "vco-dc1/1", "maintenance — ü 日本 \"quoted\" back\\slash\nnew line"],
        ["show", "sessions", "json"],
    ])
    func wordsSurviveTheRequestLine(_ words: [String]) throws {
        let line = ControlClient.requestLine(words)
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let bytes = Array(line.utf8.dropLast())
        #expect(try CloudSpeaker.requestWords(bytes).get() == words)
    }

    @Test func typedWordsStillWork() throws {
        #expect(try CloudSpeaker.requestWords(Array("show sessions json".utf8)).get() == ["show", "sessions", "json"])
    }

    @Test(arguments: [
        ("[1, 2]", "item 0 is a number, expected a string"),
        ("[\"a\", [\"b\"]]", "item 1 is an array, expected a string"),
        ("[\"unterminated", "not a JSON array of strings"),
    ])
    func badRequestsSayWhy(_ line: String, _ reason: String) {
        guard case .failure(let error) = CloudSpeaker.requestWords(Array(line.utf8)) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(error.message.contains(reason), "\(error.message)")
    }
}

// `refresh CONNECTION/N` (issue 15, "we send a route refresh"): what it sends, and when it refuses.
extension ControlProtocolTests {
    static func negotiated(routeRefresh: Bool) -> NegotiatedSession {
        NegotiatedSession(peerOpen: OpenMessage(autonomousSystem: ASNumber(rawValue: 65001), holdTime: 90, identifier: IPv4Address(10, 0, 0, 2), capabilities: []),
                          peerASN: ASNumber(rawValue: 65001), peerRouterID: IPv4Address(10, 0, 0, 2), holdTime: .seconds(90), keepaliveTime: .seconds(30), families: [.ipv4Unicast], fourOctetAS: true,
                          routeRefresh: routeRefresh, enhancedRouteRefresh: routeRefresh, extendedMessage: false,
                          isExternal: true, usesASTrans: false)
    }

    @Test func refreshSendsANormalIPv4RouteRefreshOnAnEstablishedSession() throws {
        let request = try CloudSpeaker.refreshRequest(state: .established, negotiated: Self.negotiated(routeRefresh: true)).get()
        #expect(request == RouteRefreshMessage(family: .ipv4Unicast, subtype: .normal))
        // On the wire: header type 5, AFI 1, reserved 0 (subtype normal), SAFI 1 (RFC 2918 §3).
        let bytes = try BGPMessage.routeRefresh(request).encode(options: .standard)
        #expect(Array(bytes.suffix(5)) == [5, 0, 1, 0, 1])
    }

    @Test func refreshIsRefusedWithoutTheCapabilityOrOutsideEstablished() {
        guard case .failure(let missing) = CloudSpeaker.refreshRequest(state: .established, negotiated: Self.negotiated(routeRefresh: false)) else {
            Issue.record("sent without the capability")
            return
        }
        #expect(missing.message.contains("Route Refresh capability"))
        guard case .failure(let down) = CloudSpeaker.refreshRequest(state: .active, negotiated: nil) else {
            Issue.record("sent while Active")
            return
        }
        #expect(down.message.contains("not Established"), "\(down.message)")
    }
}

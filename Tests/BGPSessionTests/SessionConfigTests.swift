// Configuration defaults (RFC 4271 §10) and validation.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct SessionConfigTests {
    @Test func defaultsFollowRFC4271Section10() throws {
        let config = Fixture.config
        #expect(config.holdTime == .seconds(90))
        #expect(config.minimumHoldTime == .seconds(3))
        #expect(config.connectRetryTime == .seconds(120))
        #expect(config.openSentHoldTime == .seconds(240))
        #expect(config.families == [.ipv4Unicast, .ipv6Unicast])
        #expect(config.routeRefresh && config.enhancedRouteRefresh && config.extendedMessage)
        #expect(config.dampPeerOscillations)
        #expect(config.initialIdleHoldTime == .seconds(5) && config.maximumIdleHoldTime == .seconds(120))
        #expect(config.delayOpenTime == nil && !config.delayOpen)
        #expect(!config.passive && !config.isInternal)
        try config.validate()
    }

    static func changed(_ change: (inout SessionConfig) -> Void) -> SessionConfig {
        var config = Fixture.config
        change(&config)
        return config
    }

    static let invalid: [(String, SessionConfig)] = [
        ("holdTime", changed { $0.holdTime = .seconds(2) }),
        ("holdTime", changed { $0.holdTime = .milliseconds(4500) }),
        ("holdTime", changed { $0.holdTime = .seconds(70000) }),
        ("routerID", changed { $0.routerID = .any }),
        ("peerASN", changed { $0.peerASN = 0 }),
        ("keepaliveTime", changed { $0.keepaliveTime = .zero }),
        ("connectRetryTime", changed { $0.connectRetryTime = .zero }),
        ("maximumIdleHoldTime", changed { $0.maximumIdleHoldTime = .seconds(1) }),
        ("delayOpenTime", changed { $0.delayOpenTime = .seconds(-1) }),
        ("enhancedRouteRefresh", changed { $0.routeRefresh = false }),
    ]

    @Test(arguments: invalid)
    func invalidValuesAreReported(_ field: String, _ config: SessionConfig) {
        #expect(throws: SessionConfigError.self) { try config.validate() }
        do {
            try config.validate()
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func theAdvertisedHoldTimeIsAWholeLegalNumberOfSeconds() {
        var config = Fixture.config
        for (hold, field) in [(Duration.zero, UInt16(0)), (.seconds(1), 3), (.milliseconds(90_900), 90),
                              (.seconds(1_000_000), 65535)] {
            config.holdTime = hold
            #expect(config.advertisedHoldTime == field)
        }
    }
}

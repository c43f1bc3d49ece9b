// ROUTE-REFRESH vectors (RFC 2918 §3, RFC 7313 §3.2 subtypes) and RFC 7313 §5 error handling.

import Testing
import NetworkPrimitives
@testable import BGPWire

extension WireVectors {
    static let routeRefreshUnknownSubtype: [UInt8] = marker + [
        0x00, 0x17,                         // Length 23
        0x05,                               // Type ROUTE-REFRESH
        0x00, 0x01,                         // AFI 1
        0x03,                               // Message Subtype 3 (unassigned): ignored
        0x01,                               // SAFI 1
    ]

    static let routeRefresh: [WireVector] = [
        WireVector(name: "ROUTE-REFRESH IPv4 unicast", bytes: marker + [
            0x00, 0x17,                     // Length 23
            0x05,                           // Type ROUTE-REFRESH
            0x00, 0x01,                     // AFI 1 (IPv4)
            0x00,                           // Message Subtype 0 (normal request)
            0x01,                           // SAFI 1 (unicast)
        ], message: .routeRefresh(RouteRefreshMessage(family: .ipv4Unicast))),
        WireVector(name: "ROUTE-REFRESH BoRR IPv6 unicast", bytes: marker + [
            0x00, 0x17,                     // Length 23
            0x05,                           // Type ROUTE-REFRESH
            0x00, 0x02,                     // AFI 2 (IPv6)
            0x01,                           // Message Subtype 1 (BoRR)
            0x01,                           // SAFI 1
        ], message: .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .beginningOfRefresh))),
        WireVector(name: "ROUTE-REFRESH EoRR IPv6 unicast", bytes: marker + [
            0x00, 0x17,                     // Length 23
            0x05,                           // Type ROUTE-REFRESH
            0x00, 0x02,                     // AFI 2 (IPv6)
            0x02,                           // Message Subtype 2 (EoRR)
            0x01,                           // SAFI 1
        ], message: .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .endOfRefresh))),
        WireVector(name: "ROUTE-REFRESH L2VPN EVPN", bytes: marker + [
            0x00, 0x17, 0x05,               // Length 23, ROUTE-REFRESH
            0x00, 0x19, 0x00, 0x46,         // AFI 25, normal, SAFI 70
        ], message: .routeRefresh(RouteRefreshMessage(family: AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70))))),
        WireVector(name: "ROUTE-REFRESH unknown subtype", bytes: routeRefreshUnknownSubtype, message: nil),
    ]
}

@Suite struct RouteRefreshMessageTests {
    @Test(arguments: WireVectors.routeRefresh)
    func vector(_ vector: WireVector) throws {
        try checkWireVector(vector)
    }

    @Test(arguments: [UInt8(3), 4, 127, 255])
    func unknownSubtypeIsIgnored(_ subtype: UInt8) throws {
        let bytes = wireMessage(type: 5, body: [0x00, 0x01, subtype, 0x01])
        #expect(try BGPMessage.decode(bytes: bytes) == nil)
    }

    @Test(arguments: [0, 1, 3, 5, 8])
    func wrongLengthIsInvalidMessageLength(_ bodyLength: Int) {
        let bytes = wireMessage(type: 5, body: Array(([0x00, 0x01, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd] as [UInt8]).prefix(bodyLength)))
        let error = wireDecodeError(bytes)
        #expect(error?.code == .malformedRouteRefresh)
        // RFC 7313 §5: ROUTE-REFRESH Message Error / Invalid Message Length, the whole message as data.
        #expect(error?.notification == NotificationMessage(code: .routeRefreshMessageError, subcode: 1, data: bytes))
    }

    @Test func bodyOfFiveOctets() {
        let bytes: [UInt8] = WireVectors.marker + [
            0x00, 0x18,                     // Length 24
            0x05,                           // Type ROUTE-REFRESH
            0x00, 0x01, 0x00, 0x01,         // AFI 1, subtype 0, SAFI 1
            0x00,                           // one octet too many
        ]
        let error = wireDecodeError(bytes)
        #expect(error?.code == .malformedRouteRefresh)
        #expect(error?.notification.code == NotificationCode(rawValue: 7))
        #expect(error?.notification.subcode == 1)
        #expect(error?.notification.data == bytes)
    }

    @Test func allSubtypesRoundTrip() throws {
        for subtype in [RouteRefreshMessage.Subtype.normal, .beginningOfRefresh, .endOfRefresh] {
            for family in [AddressFamily.ipv4Unicast, .ipv6Unicast, AddressFamily(afi: .ipv4, safi: .multicast)] {
                let message = BGPMessage.routeRefresh(RouteRefreshMessage(family: family, subtype: subtype))
                let bytes = try message.encode()
                #expect(bytes.count == 23)
                #expect(bytes[21] == subtype.rawValue)
                #expect(try BGPMessage.decode(bytes: bytes) == message)
            }
        }
    }
}

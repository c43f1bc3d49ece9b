// Capability vectors (RFC 5492 §4: code, length, value), one per capability the codec knows plus
// unknown ones, and the malformations RFC 4271 §6.2 maps to OPEN Message Error / Unspecific.

import Testing
import NetworkPrimitives
@testable import BGPWire

/// One capability: its code/length/value octets and the decoded value.
struct CapabilityVector: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var capability: Capability
    var testDescription: String { name }
}

extension WireVectors {
    static let capabilities: [CapabilityVector] = [
        CapabilityVector(name: "1 Multiprotocol IPv4 unicast", bytes: [
            0x01, 0x04,             // Multiprotocol (1), length 4
            0x00, 0x01,             // AFI 1 (IPv4)
            0x00,                   // Reserved
            0x01,                   // SAFI 1 (unicast)
        ], capability: .multiprotocol(.ipv4Unicast)),
        CapabilityVector(name: "1 Multiprotocol IPv6 multicast", bytes: [
            0x01, 0x04, 0x00, 0x02, 0x00, 0x02, // AFI 2 (IPv6), SAFI 2 (multicast)
        ], capability: .multiprotocol(AddressFamily(afi: .ipv6, safi: .multicast))),
        CapabilityVector(name: "1 Multiprotocol L2VPN EVPN", bytes: [
            0x01, 0x04, 0x00, 0x19, 0x00, 0x46, // AFI 25 (L2VPN), SAFI 70 (EVPN)
        ], capability: .multiprotocol(AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70)))),
        CapabilityVector(name: "2 Route Refresh", bytes: [
            0x02, 0x00,             // Route Refresh (2), length 0
        ], capability: .routeRefresh),
        CapabilityVector(name: "6 Extended Message", bytes: [
            0x06, 0x00,             // Extended Message (6), length 0
        ], capability: .extendedMessage),
        CapabilityVector(name: "9 Role Provider", bytes: [0x09, 0x01, 0x00], capability: .role(.provider)),
        CapabilityVector(name: "9 Role Route Server", bytes: [0x09, 0x01, 0x01], capability: .role(.routeServer)),
        CapabilityVector(name: "9 Role RS Client", bytes: [0x09, 0x01, 0x02], capability: .role(.routeServerClient)),
        CapabilityVector(name: "9 Role Customer", bytes: [0x09, 0x01, 0x03], capability: .role(.customer)),
        CapabilityVector(name: "9 Role Peer", bytes: [0x09, 0x01, 0x04], capability: .role(.peer)),
        CapabilityVector(name: "64 Graceful Restart helper", bytes: [
            0x40, 0x02,             // Graceful Restart (64), length 2
            0x00, 0x78,             // R=0 N=0, Restart Time 120
        ], capability: .gracefulRestart(GracefulRestartCapability(restartTime: 120))),
        CapabilityVector(name: "64 Graceful Restart restarting", bytes: [
            0x40, 0x0a,             // Graceful Restart (64), length 10
            0x80, 0xb4,             // R=1 N=0, Restart Time 180
            0x00, 0x01, 0x01, 0x80, // IPv4 unicast, F=1
            0x00, 0x02, 0x01, 0x00, // IPv6 unicast, F=0
        ], capability: .gracefulRestart(GracefulRestartCapability(
            restarting: true, restartTime: 180,
            families: [.init(family: .ipv4Unicast, forwardingStatePreserved: true),
                       .init(family: .ipv6Unicast, forwardingStatePreserved: false)]))),
        CapabilityVector(name: "64 Graceful Restart notification, max time", bytes: [
            0x40, 0x02,             // Graceful Restart (64), length 2
            0x4f, 0xff,             // R=0 N=1 (RFC 8538), Restart Time 4095
        ], capability: .gracefulRestart(GracefulRestartCapability(notification: true, restartTime: 4095))),
        CapabilityVector(name: "65 4-octet AS 65001", bytes: [
            0x41, 0x04,             // 4-octet AS (65), length 4
            0x00, 0x00, 0xfd, 0xe9, // AS 65001
        ], capability: .fourOctetAS(65001)),
        CapabilityVector(name: "65 4-octet AS 4200000000", bytes: [
            0x41, 0x04, 0xfa, 0x56, 0xea, 0x00, // AS 4200000000
        ], capability: .fourOctetAS(4_200_000_000)),
        CapabilityVector(name: "69 ADD-PATH", bytes: [
            0x45, 0x0c,             // ADD-PATH (69), length 12
            0x00, 0x01, 0x01, 0x01, // IPv4 unicast, Receive
            0x00, 0x02, 0x01, 0x02, // IPv6 unicast, Send
            0x00, 0x01, 0x02, 0x03, // IPv4 multicast, Send/Receive
        ], capability: .addPath([
            AddPathEntry(family: .ipv4Unicast, mode: .receive),
            AddPathEntry(family: .ipv6Unicast, mode: .send),
            AddPathEntry(family: AddressFamily(afi: .ipv4, safi: .multicast), mode: .both),
        ])),
        CapabilityVector(name: "70 Enhanced Route Refresh", bytes: [
            0x46, 0x00,             // Enhanced Route Refresh (70), length 0
        ], capability: .enhancedRouteRefresh),
        CapabilityVector(name: "73 FQDN UTF-8 domain", bytes: [
            0x49, 0x14,             // FQDN (73), length 20
            0x03, 0x72, 0x74, 0x72, // hostname length 3, "rtr"
            0x0f,                   // domain length 15
            0x62, 0xc3, 0xbc, 0x63, 0x68, 0x65, 0x72, // "bücher"
            0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, // ".example"
        ], capability: .fqdn(hostname: "rtr", domain: "bücher.example")),
        CapabilityVector(name: "73 FQDN empty", bytes: [
            0x49, 0x02, 0x00, 0x00, // FQDN, hostname "", domain ""
        ], capability: .fqdn(hostname: "", domain: "")),
        CapabilityVector(name: "71 Long-Lived GR (unknown to the codec)", bytes: [
            0x47, 0x07,             // code 71, length 7
            0x00, 0x01, 0x01,       // IPv4 unicast
            0x80,                   // F bit
            0x00, 0x0e, 0x10,       // Long-lived Stale Time 3600
        ], capability: .unrecognized(code: 71, value: [0x00, 0x01, 0x01, 0x80, 0x00, 0x0e, 0x10])),
        CapabilityVector(name: "128 legacy Route Refresh", bytes: [0x80, 0x00],
                         capability: .unrecognized(code: 128, value: [])),
        CapabilityVector(name: "9 Role with an unassigned value", bytes: [0x09, 0x01, 0x05],
                         capability: .unrecognized(code: 9, value: [5])),
    ]

    /// Each capability vector in an OPEN of its own (for the prefix, trailing-byte and framer tests).
    static var capabilityOpens: [WireVector] {
        capabilities.map { vector in
            let parameter: [UInt8] = [UInt8(vector.bytes.count + 2), 0x02, UInt8(vector.bytes.count)] + vector.bytes
            return WireVector(
                name: "OPEN with \(vector.name)",
                bytes: wireOpen(myAS: 65001, holdTime: 90, identifier: 0x0A00_0001, optionalParameters: parameter),
                message: .open(OpenMessage(myASField: 65001, holdTime: 90, identifier: IPv4Address(10, 0, 0, 1),
                                           capabilities: [vector.capability])))
        }
    }
}

/// Decodes code, length and value; the length must cover the rest of `bytes`.
func decodeCapabilityBytes(_ bytes: [UInt8]) throws(BGPDecodeError) -> Capability {
    var reader = ByteReader(bytes)
    let code = reader.readUInt8() ?? 0
    let length = Int(reader.readUInt8() ?? 0)
    #expect(length == reader.remaining, "length octet \(length) but \(reader.remaining) octets follow")
    var value = reader.readRest()
    return try Capability.decode(code: code, value: &value)
}

func encodeCapabilityBytes(_ capability: Capability) -> [UInt8] {
    var writer = ByteWriter()
    capability.encode(into: &writer)
    return writer.bytes
}

@Suite struct CapabilityTests {
    @Test(arguments: WireVectors.capabilities)
    func decodes(_ vector: CapabilityVector) throws {
        #expect(try decodeCapabilityBytes(vector.bytes) == vector.capability)
        #expect(vector.capability.code == vector.bytes[0])
    }

    @Test(arguments: WireVectors.capabilities)
    func encodes(_ vector: CapabilityVector) {
        #expect(encodeCapabilityBytes(vector.capability) == vector.bytes)
    }

    @Test(arguments: WireVectors.capabilityOpens)
    func insideAnOpen(_ vector: WireVector) throws {
        try checkWireVector(vector)
    }

    @Test func codes() {
        #expect(Capability.multiprotocol(.ipv4Unicast).code == 1)
        #expect(Capability.routeRefresh.code == 2)
        #expect(Capability.extendedMessage.code == 6)
        #expect(Capability.role(.peer).code == 9)
        #expect(Capability.gracefulRestart(GracefulRestartCapability(restartTime: 0)).code == 64)
        #expect(Capability.fourOctetAS(1).code == 65)
        #expect(Capability.addPath([]).code == 69)
        #expect(Capability.enhancedRouteRefresh.code == 70)
        #expect(Capability.fqdn(hostname: "", domain: "").code == 73)
        #expect(Capability.unrecognized(code: 131, value: []).code == 131)
    }

    @Test func fqdnWithInvalidUTF8IsKeptRaw() throws {
        let bytes: [UInt8] = [
            0x49, 0x05,             // FQDN, length 5
            0x02, 0xc3, 0x28,       // hostname: invalid UTF-8
            0x01, 0x61,             // domain "a"
        ]
        #expect(try decodeCapabilityBytes(bytes) == .unrecognized(code: 73, value: [0x02, 0xc3, 0x28, 0x01, 0x61]))
        // And it goes back out unchanged.
        #expect(encodeCapabilityBytes(.unrecognized(code: 73, value: [0x02, 0xc3, 0x28, 0x01, 0x61])) == bytes)
    }

    /// Malformed values of known capabilities: OPEN Message Error / Unspecific (RFC 4271 §6.2).
    static let malformed: [(String, [UInt8])] = [
        ("Multiprotocol length 3", [0x01, 0x03, 0x00, 0x01, 0x00]),
        ("Multiprotocol length 5", [0x01, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00]),
        ("Route Refresh length 1", [0x02, 0x01, 0x00]),
        ("Extended Message length 2", [0x06, 0x02, 0x00, 0x00]),
        ("Enhanced Route Refresh length 1", [0x46, 0x01, 0x00]),
        ("Role length 0", [0x09, 0x00]),
        ("Role length 2", [0x09, 0x02, 0x00, 0x01]),
        ("4-octet AS length 2", [0x41, 0x02, 0xfd, 0xe9]),
        ("4-octet AS length 5", [0x41, 0x05, 0x00, 0x00, 0xfd, 0xe9, 0x00]),
        ("Graceful Restart length 0", [0x40, 0x00]),
        ("Graceful Restart length 1", [0x40, 0x01, 0x00]),
        ("Graceful Restart length 4", [0x40, 0x04, 0x00, 0x78, 0x00, 0x01]),
        ("Graceful Restart length 5", [0x40, 0x05, 0x00, 0x78, 0x00, 0x01, 0x01]),
        ("ADD-PATH length 0", [0x45, 0x00]),
        ("ADD-PATH length 3", [0x45, 0x03, 0x00, 0x01, 0x01]),
        ("ADD-PATH length 6", [0x45, 0x06, 0x00, 0x01, 0x01, 0x01, 0x00, 0x02]),
        ("ADD-PATH mode 0", [0x45, 0x04, 0x00, 0x01, 0x01, 0x00]),
        ("ADD-PATH mode 4", [0x45, 0x04, 0x00, 0x01, 0x01, 0x04]),
        ("FQDN empty", [0x49, 0x00]),
        ("FQDN hostname overruns", [0x49, 0x03, 0x05, 0x61, 0x62]),
        ("FQDN domain length missing", [0x49, 0x02, 0x01, 0x61]),
        ("FQDN domain overruns", [0x49, 0x04, 0x01, 0x61, 0x03, 0x62]),
        ("FQDN trailing octet", [0x49, 0x05, 0x01, 0x61, 0x01, 0x62, 0x00]),
    ]

    @Test(arguments: malformed)
    func malformedValue(_ name: String, _ bytes: [UInt8]) {
        do {
            let capability = try decodeCapabilityBytes(bytes)
            Issue.record("\(name) decoded as \(capability)")
        } catch {
            #expect(error.code == .malformedCapability, "\(name)")
            #expect(error.notification == NotificationMessage(code: .openMessageError, subcode: 0), "\(name)")
        }
        // The same capability inside an OPEN gives the same NOTIFICATION.
        let parameter: [UInt8] = [UInt8(bytes.count + 2), 0x02, UInt8(bytes.count)] + bytes
        let error = wireDecodeError(wireOpen(optionalParameters: parameter))
        #expect(error?.code == .malformedCapability, "\(name) in OPEN")
        #expect(error?.notification == NotificationMessage(code: .openMessageError, subcode: 0), "\(name) in OPEN")
    }

    @Test func gracefulRestartFlagsAndTimeAreSeparate() throws {
        // Restart Time is the low 12 bits; the other two flag bits are reserved and ignored on receipt.
        let capability = try decodeCapabilityBytes([0x40, 0x02, 0x3f, 0xff])
        #expect(capability == .gracefulRestart(GracefulRestartCapability(restartTime: 4095)))
        // Forwarding State is the top bit of the flags; the rest of the octet is reserved.
        let family = try decodeCapabilityBytes([0x40, 0x06, 0x00, 0x00, 0x00, 0x01, 0x01, 0x7f])
        #expect(family == .gracefulRestart(GracefulRestartCapability(
            restartTime: 0, families: [.init(family: .ipv4Unicast, forwardingStatePreserved: false)])))
    }

    @Test func fqdnEncodingAlwaysFitsTheLengthOctet() throws {
        // The capability length is one octet (RFC 5492 §4): hostname + domain + 2 must fit 255 octets.
        let cases: [(String, String)] = [
            (String(repeating: "h", count: 200), String(repeating: "d", count: 100)),
            (String(repeating: "h", count: 300), ""),
            ("", String(repeating: "d", count: 300)),
            (String(repeating: "é", count: 150), "example.org"),
            (String(repeating: "h", count: 126), String(repeating: "d", count: 127)),
        ]
        for (hostname, domain) in cases {
            let bytes = encodeCapabilityBytes(.fqdn(hostname: hostname, domain: domain))
            #expect(Int(bytes[1]) == bytes.count - 2, "length octet matches the value (\(bytes.count - 2) octets)")
            guard case .fqdn(let host, let dom) = try decodeCapabilityBytes(bytes) else {
                Issue.record("not an FQDN capability")
                continue
            }
            #expect(hostname.hasPrefix(host))
            #expect(domain.hasPrefix(dom))
        }
        // What fits is kept whole.
        let fits = encodeCapabilityBytes(.fqdn(hostname: String(repeating: "h", count: 126),
                                               domain: String(repeating: "d", count: 127)))
        #expect(fits.count == 257)
    }

    @Test func listCapabilitiesAlwaysFitTheLengthOctet() throws {
        // 64 families would need 258 (Graceful Restart) or 256 (ADD-PATH) octets: only 63 are written,
        // so that the length octet still describes the value (RFC 5492 §4).
        let families = (0 ..< 64).map { AddressFamily(afi: .ipv4, safi: SAFI(rawValue: UInt8($0))) }
        let gr = Capability.gracefulRestart(GracefulRestartCapability(
            restartTime: 120, families: families.map { .init(family: $0, forwardingStatePreserved: true) }))
        let addPath = Capability.addPath(families.map { AddPathEntry(family: $0, mode: .both) })
        for capability in [gr, addPath] {
            let bytes = encodeCapabilityBytes(capability)
            #expect(Int(bytes[1]) == bytes.count - 2)
            let decoded = try decodeCapabilityBytes(bytes)
            switch decoded {
            case .gracefulRestart(let value): #expect(value.families.count == 63)
            case .addPath(let entries): #expect(entries.count == 63)
            default: Issue.record("decoded as \(decoded)")
            }
        }
        // 63 is kept whole.
        let fits = Capability.addPath(families.prefix(63).map { AddPathEntry(family: $0, mode: .send) })
        #expect(try decodeCapabilityBytes(encodeCapabilityBytes(fits)) == fits)
    }
}

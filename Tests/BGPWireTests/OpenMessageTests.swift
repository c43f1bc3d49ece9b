// OPEN message vectors (RFC 4271 §4.2, RFC 5492, RFC 6793, RFC 9072) and OPEN error handling (§6.2).

import Testing
import NetworkPrimitives
@testable import BGPWire

extension WireVectors {
    /// The capabilities of the FRR 8.x OPEN below, in the order FRR's bgp_open_capability writes them.
    static let frrOpenCapabilities: [Capability] = [
        .multiprotocol(.ipv4Unicast),
        .unrecognized(code: 128, value: []),  // legacy (pre-RFC 2918) Route Refresh, not interpreted
        .routeRefresh,
        .enhancedRouteRefresh,
        .fourOctetAS(65001),
        .addPath([AddPathEntry(family: .ipv4Unicast, mode: .receive)]),
        .fqdn(hostname: "frr1", domain: ""),
        .gracefulRestart(GracefulRestartCapability(restartTime: 120)),
    ]

    /// The OPEN of an FRR 8.x speaker (AS 65001, router-id 10.0.0.1, default timers), as Wireshark
    /// shows it: one capability per Capabilities optional parameter.
    static let frrOpenCapture: [UInt8] = marker + [
        0x00, 0x51,                         // Length 81
        0x01,                               // Type OPEN
        0x04,                               // Version 4
        0xfd, 0xe9,                         // My AS 65001
        0x00, 0xb4,                         // Hold Time 180
        0x0a, 0x00, 0x00, 0x01,             // BGP Identifier 10.0.0.1
        0x34,                               // Opt Parm Len 52
        0x02, 0x06,                         // Optional parameter: Capabilities, length 6
        0x01, 0x04, 0x00, 0x01, 0x00, 0x01, //   Multiprotocol: AFI 1 (IPv4), Reserved, SAFI 1 (unicast)
        0x02, 0x02,                         // Optional parameter: Capabilities, length 2
        0x80, 0x00,                         //   Route Refresh (Cisco, legacy code 128), length 0
        0x02, 0x02,                         // Optional parameter: Capabilities, length 2
        0x02, 0x00,                         //   Route Refresh (2), length 0
        0x02, 0x02,                         // Optional parameter: Capabilities, length 2
        0x46, 0x00,                         //   Enhanced Route Refresh (70), length 0
        0x02, 0x06,                         // Optional parameter: Capabilities, length 6
        0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9, //   4-octet AS (65): AS 65001
        0x02, 0x06,                         // Optional parameter: Capabilities, length 6
        0x45, 0x04, 0x00, 0x01, 0x01, 0x01, //   ADD-PATH (69): IPv4 unicast, Receive
        0x02, 0x08,                         // Optional parameter: Capabilities, length 8
        0x49, 0x06,                         //   FQDN (73), length 6
        0x04, 0x66, 0x72, 0x72, 0x31,       //     hostname length 4, "frr1"
        0x00,                               //     domain name length 0
        0x02, 0x04,                         // Optional parameter: Capabilities, length 4
        0x40, 0x02, 0x00, 0x78,             //   Graceful Restart (64): flags 0, Restart Time 120
    ]

    /// The same OPEN as this encoder writes it: every capability in one Capabilities parameter.
    static let frrOpenCanonical: [UInt8] = marker + [
        0x00, 0x43,                         // Length 67
        0x01,                               // Type OPEN
        0x04,                               // Version 4
        0xfd, 0xe9,                         // My AS 65001
        0x00, 0xb4,                         // Hold Time 180
        0x0a, 0x00, 0x00, 0x01,             // BGP Identifier 10.0.0.1
        0x26,                               // Opt Parm Len 38
        0x02, 0x24,                         // Optional parameter: Capabilities, length 36
        0x01, 0x04, 0x00, 0x01, 0x00, 0x01, //   Multiprotocol IPv4 unicast
        0x80, 0x00,                         //   Route Refresh (legacy 128)
        0x02, 0x00,                         //   Route Refresh
        0x46, 0x00,                         //   Enhanced Route Refresh
        0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9, //   4-octet AS 65001
        0x45, 0x04, 0x00, 0x01, 0x01, 0x01, //   ADD-PATH IPv4 unicast Receive
        0x49, 0x06, 0x04, 0x66, 0x72, 0x72, 0x31, 0x00, // FQDN "frr1", ""
        0x40, 0x02, 0x00, 0x78,             //   Graceful Restart, Restart Time 120
    ]

    static let frrOpenMessage = OpenMessage(myASField: 65001, holdTime: 180, identifier: IPv4Address(10, 0, 0, 1),
                                            capabilities: frrOpenCapabilities)

    /// An OPEN with every capability the codec knows plus an unknown one, from a 4-octet AS.
    static let allCapabilitiesOpen: [UInt8] = marker + [
        0x00, 0x69,                         // Length 105
        0x01,                               // Type OPEN
        0x04,                               // Version 4
        0x5b, 0xa0,                         // My AS 23456 (AS_TRANS)
        0x00, 0x5a,                         // Hold Time 90
        0xc0, 0x00, 0x02, 0x01,             // BGP Identifier 192.0.2.1
        0x4c,                               // Opt Parm Len 76
        0x02, 0x4a,                         // Optional parameter: Capabilities, length 74
        0x01, 0x04, 0x00, 0x01, 0x00, 0x01, //   Multiprotocol IPv4 unicast
        0x01, 0x04, 0x00, 0x02, 0x00, 0x01, //   Multiprotocol IPv6 unicast
        0x02, 0x00,                         //   Route Refresh
        0x06, 0x00,                         //   Extended Message (RFC 8654)
        0x09, 0x01, 0x03,                   //   BGP Role: Customer (RFC 9234)
        0x40, 0x0a,                         //   Graceful Restart, length 10
        0xc0, 0x78,                         //     R=1 N=1, Restart Time 120
        0x00, 0x01, 0x01, 0x80,             //     IPv4 unicast, forwarding state preserved
        0x00, 0x02, 0x01, 0x00,             //     IPv6 unicast, not preserved
        0x41, 0x04, 0xfa, 0x56, 0xea, 0x00, //   4-octet AS 4200000000
        0x45, 0x08,                         //   ADD-PATH, length 8
        0x00, 0x01, 0x01, 0x03,             //     IPv4 unicast, Send/Receive
        0x00, 0x02, 0x01, 0x02,             //     IPv6 unicast, Send
        0x46, 0x00,                         //   Enhanced Route Refresh
        0x49, 0x12,                         //   FQDN, length 18
        0x05, 0x72, 0x74, 0x72, 0x2d, 0x31, //     hostname "rtr-1"
        0x0b, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6e, 0x65, 0x74, // domain "example.net"
        0xc8, 0x03, 0x01, 0x02, 0x03,       //   unknown capability 200, value 01 02 03
    ]

    static let allCapabilitiesMessage = OpenMessage(
        myASField: 23456, holdTime: 90, identifier: IPv4Address(192, 0, 2, 1),
        capabilities: [
            .multiprotocol(.ipv4Unicast), .multiprotocol(.ipv6Unicast), .routeRefresh, .extendedMessage,
            .role(.customer),
            .gracefulRestart(GracefulRestartCapability(
                restarting: true, notification: true, restartTime: 120,
                families: [.init(family: .ipv4Unicast, forwardingStatePreserved: true),
                           .init(family: .ipv6Unicast, forwardingStatePreserved: false)])),
            .fourOctetAS(4_200_000_000),
            .addPath([AddPathEntry(family: .ipv4Unicast, mode: .both), AddPathEntry(family: .ipv6Unicast, mode: .send)]),
            .enhancedRouteRefresh,
            .fqdn(hostname: "rtr-1", domain: "example.net"),
            .unrecognized(code: 200, value: [1, 2, 3]),
        ])

    /// RFC 9072 §2 extended form, written by hand: two Capabilities parameters with 2-octet lengths.
    static let extendedParametersOpen: [UInt8] = marker + [
        0x00, 0x32,                         // Length 50
        0x01,                               // Type OPEN
        0x04,                               // Version 4
        0xfd, 0xe9,                         // My AS 65001
        0x00, 0x5a,                         // Hold Time 90
        0x0a, 0x00, 0x00, 0x01,             // BGP Identifier 10.0.0.1
        0xff,                               // Non-Ext OP Len 255
        0xff,                               // Non-Ext OP Type 255: extended length follows
        0x00, 0x12,                         // Extended Opt. Parm. Length 18
        0x02, 0x00, 0x06,                   // Capabilities, 2-octet length 6
        0x01, 0x04, 0x00, 0x01, 0x00, 0x01, //   Multiprotocol IPv4 unicast
        0x02, 0x00, 0x06,                   // Capabilities, 2-octet length 6
        0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9, //   4-octet AS 65001
    ]

    /// The short form the encoder writes for the message above.
    static let extendedParametersOpenCanonical: [UInt8] = marker + [
        0x00, 0x2b,                         // Length 43
        0x01,                               // Type OPEN
        0x04, 0xfd, 0xe9, 0x00, 0x5a,       // Version 4, My AS 65001, Hold Time 90
        0x0a, 0x00, 0x00, 0x01,             // BGP Identifier 10.0.0.1
        0x0e,                               // Opt Parm Len 14
        0x02, 0x0c,                         // Capabilities, length 12
        0x01, 0x04, 0x00, 0x01, 0x00, 0x01, //   Multiprotocol IPv4 unicast
        0x41, 0x04, 0x00, 0x00, 0xfd, 0xe9, //   4-octet AS 65001
    ]

    /// An OPEN with no optional parameters: the 29-octet minimum.
    static let minimalOpen: [UInt8] = marker + [
        0x00, 0x1d,                         // Length 29
        0x01,                               // Type OPEN
        0x04,                               // Version 4
        0xfd, 0xe8,                         // My AS 65000
        0x00, 0x00,                         // Hold Time 0 (no keepalives)
        0xc6, 0x33, 0x64, 0x01,             // BGP Identifier 198.51.100.1
        0x00,                               // Opt Parm Len 0
    ]

    static let open: [WireVector] = [
        WireVector(name: "OPEN FRR 8.x capture", bytes: frrOpenCapture, message: .open(frrOpenMessage),
                   canonical: frrOpenCanonical),
        WireVector(name: "OPEN FRR 8.x canonical", bytes: frrOpenCanonical, message: .open(frrOpenMessage)),
        WireVector(name: "OPEN every capability", bytes: allCapabilitiesOpen, message: .open(allCapabilitiesMessage)),
        WireVector(name: "OPEN RFC 9072 extended form", bytes: extendedParametersOpen,
                   message: .open(OpenMessage(myASField: 65001, holdTime: 90, identifier: IPv4Address(10, 0, 0, 1),
                                              capabilities: [.multiprotocol(.ipv4Unicast), .fourOctetAS(65001)])),
                   canonical: extendedParametersOpenCanonical),
        WireVector(name: "OPEN minimal", bytes: minimalOpen,
                   message: .open(OpenMessage(myASField: 65000, holdTime: 0, identifier: IPv4Address(198, 51, 100, 1),
                                              capabilities: []))),
    ]
}

@Suite struct OpenMessageTests {
    @Test(arguments: WireVectors.open)
    func vector(_ vector: WireVector) throws {
        try checkWireVector(vector)
    }

    @Test func frrCaptureKeepsLegacyRouteRefreshRaw() throws {
        guard case .open(let open)? = try BGPMessage.decode(bytes: WireVectors.frrOpenCapture) else {
            Issue.record("not an OPEN")
            return
        }
        #expect(open.capabilities.contains(.unrecognized(code: 128, value: [])))
        #expect(open.capabilities.contains(.routeRefresh))
        #expect(open.autonomousSystem == 65001)
        #expect(open.supportsFourOctetAS)
        #expect(open.version == 4)
        #expect(open.holdTime == 180)
        #expect(open.identifier == IPv4Address(10, 0, 0, 1))
    }

    @Test func fourOctetSpeakerUsesASTrans() throws {
        let open = OpenMessage(autonomousSystem: 4_200_000_000, holdTime: 90, identifier: IPv4Address(192, 0, 2, 1),
                               capabilities: [.multiprotocol(.ipv4Unicast)])
        #expect(open.myASField == 23456)
        #expect(open.autonomousSystem == 4_200_000_000)
        #expect(open.capabilities == [.multiprotocol(.ipv4Unicast), .fourOctetAS(4_200_000_000)])
        let bytes = try BGPMessage.open(open).encode()
        #expect(Array(bytes[20 ..< 22]) == [0x5b, 0xa0])  // My AS field
        guard case .open(let decoded)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an OPEN")
            return
        }
        #expect(decoded == open)
        #expect(decoded.autonomousSystem == 4_200_000_000)
    }

    @Test func twoOctetSpeakerKeepsItsCapabilityOnce() {
        let open = OpenMessage(autonomousSystem: 65010, holdTime: 90, identifier: IPv4Address(10, 0, 0, 2),
                               capabilities: [.fourOctetAS(65010), .routeRefresh])
        #expect(open.myASField == 65010)
        #expect(open.capabilities == [.fourOctetAS(65010), .routeRefresh])
        #expect(open.autonomousSystem == 65010)
        // Without the capability the 2-octet field is the ASN.
        let old = OpenMessage(myASField: 700, holdTime: 90, identifier: IPv4Address(10, 0, 0, 2), capabilities: [])
        #expect(old.autonomousSystem == 700)
        #expect(!old.supportsFourOctetAS)
    }

    // MARK: RFC 9072

    /// 50 Multiprotocol capabilities (300 octets) do not fit the 1-octet Opt Parm Len.
    static let manyCapabilities: [Capability] = (0 ..< 50).map { index in
        .multiprotocol(AddressFamily(afi: AFI(rawValue: UInt16(index % 3 + 1)), safi: SAFI(rawValue: UInt8(index + 1))))
    }

    @Test func longCapabilitiesUseExtendedOptionalParametersLength() throws {
        let open = OpenMessage(myASField: 65001, holdTime: 90, identifier: IPv4Address(10, 0, 0, 1),
                               capabilities: Self.manyCapabilities)
        let bytes = try BGPMessage.open(open).encode()
        // 19 header + 10 fixed + 1 type + 2 length + (3 + 252) + (3 + 48)
        #expect(bytes.count == 338)
        #expect(Array(bytes[16 ..< 19]) == [0x01, 0x52, 0x01])   // Length 338, Type OPEN
        #expect(bytes[28] == 0xff)                               // Non-Ext OP Len 255
        #expect(bytes[29] == 0xff)                               // Non-Ext OP Type 255
        #expect(Array(bytes[30 ..< 32]) == [0x01, 0x32])         // Extended Opt. Parm. Length 306
        #expect(Array(bytes[32 ..< 35]) == [0x02, 0x00, 0xfc])   // Capabilities, 2-octet length 252 (42 capabilities)
        #expect(Array(bytes[35 ..< 41]) == [0x01, 0x04, 0x00, 0x01, 0x00, 0x01])
        #expect(Array(bytes[287 ..< 290]) == [0x02, 0x00, 0x30]) // Capabilities, 2-octet length 48 (8 capabilities)
        #expect(try BGPMessage.decode(bytes: bytes) == .open(open))
    }

    @Test func exactly255OctetsStayInTheShortForm() throws {
        // 42 Multiprotocol capabilities (252 octets) in one parameter: 254 octets in all, short form.
        let open = OpenMessage(myASField: 65001, holdTime: 90, identifier: IPv4Address(10, 0, 0, 1),
                               capabilities: Array(Self.manyCapabilities.prefix(42)))
        let bytes = try BGPMessage.open(open).encode()
        #expect(bytes[28] == 254)
        #expect(bytes[29] == 0x02)
        #expect(bytes[30] == 252)
        #expect(try BGPMessage.decode(bytes: bytes) == .open(open))
        // 253 octets of capabilities: the parameter value is 253 and the total 255, still short form.
        let open255 = OpenMessage(myASField: 65001, holdTime: 90, identifier: IPv4Address(10, 0, 0, 1),
                                  capabilities: Array(Self.manyCapabilities.prefix(41)) + [
                                      .unrecognized(code: 250, value: [1, 2, 3, 4, 5])])
        let bytes255 = try BGPMessage.open(open255).encode()
        #expect(bytes255[28] == 255)
        #expect(bytes255[29] == 0x02)
        #expect(bytes255[30] == 253)
        #expect(try BGPMessage.decode(bytes: bytes255) == .open(open255))
    }

    @Test func extendedFormAcceptsLongParameters() throws {
        // One 300-octet Capabilities parameter, only expressible with RFC 9072's 2-octet parameter length.
        var capabilityBytes: [UInt8] = []
        for capability in Self.manyCapabilities {
            var writer = ByteWriter()
            capability.encode(into: &writer)
            capabilityBytes += writer.bytes
        }
        #expect(capabilityBytes.count == 300)
        let parameters: [UInt8] = [0xff, 0xff, 0x01, 0x2f, 0x02, 0x01, 0x2c] + capabilityBytes
        let bytes = wireOpen(optionalParameters: parameters)
        guard case .open(let open)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an OPEN")
            return
        }
        #expect(open.capabilities == Self.manyCapabilities)
    }

    // MARK: Errors (RFC 4271 §6.2)

    @Test func unsupportedVersion() {
        let error = wireDecodeError(wireOpen(version: 3))
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.notification == NotificationMessage(code: .openMessageError, subcode: 1, data: [0, 4]))
        #expect(wireDecodeError(wireOpen(version: 5))?.notification.data == [0, 4])
    }

    @Test(arguments: [UInt16(1), 2])
    func unacceptableHoldTime(_ holdTime: UInt16) {
        let error = wireDecodeError(wireOpen(holdTime: holdTime))
        #expect(error?.code == .unacceptableHoldTime)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 6)
    }

    @Test(arguments: [UInt16(0), 3, 90, 65535])
    func acceptableHoldTime(_ holdTime: UInt16) throws {
        guard case .open(let open)? = try BGPMessage.decode(bytes: wireOpen(holdTime: holdTime)) else {
            Issue.record("not an OPEN")
            return
        }
        #expect(open.holdTime == holdTime)
    }

    @Test func zeroIdentifier() {
        let error = wireDecodeError(wireOpen(identifier: 0))
        #expect(error?.code == .badBGPIdentifier)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 3)
    }

    @Test func zeroMyAS() {
        let error = wireDecodeError(wireOpen(myAS: 0))
        #expect(error?.code == .badPeerAS)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 2)
    }

    @Test func zeroFourOctetASCapability() {
        let error = wireDecodeError(wireOpen(myAS: 23456, optionalParameters: [
            0x08,                               // Opt Parm Len 8
            0x02, 0x06,                         // Capabilities, length 6
            0x41, 0x04, 0x00, 0x00, 0x00, 0x00, //   4-octet AS 0
        ]))
        #expect(error?.code == .badPeerAS)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 2)
    }

    @Test func unsupportedOptionalParameterType() {
        let error = wireDecodeError(wireOpen(optionalParameters: [
            0x04,                   // Opt Parm Len 4
            0x01, 0x02, 0xaa, 0xbb, // type 1 (deprecated Authentication), length 2
        ]))
        #expect(error?.code == .unsupportedOptionalParameter)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 4)
    }

    @Test func capabilityOverrunsItsParameter() {
        let error = wireDecodeError(wireOpen(optionalParameters: [
            0x06,                         // Opt Parm Len 6
            0x02, 0x04,                   // Capabilities, length 4
            0x41, 0x04, 0x00, 0x00,       //   4-octet AS, length 4 but only 2 octets in the parameter
        ]))
        #expect(error?.code == .malformedCapability)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 0)
    }

    @Test func optionalParameterOverrunsTheField() {
        let error = wireDecodeError(wireOpen(optionalParameters: [
            0x04,                         // Opt Parm Len 4
            0x02, 0x06,                   // Capabilities, length 6: past Opt Parm Len
            0x02, 0x00,
        ]))
        #expect(error?.code == .malformedOptionalParameters)
        #expect(error?.notification.code == .openMessageError)
        #expect(error?.notification.subcode == 0)
    }

    @Test func optionalParametersLengthPastTheMessage() {
        let error = wireDecodeError(wireOpen(optionalParameters: [0x08, 0x02, 0x02, 0x02, 0x00]))
        #expect(error?.code == .malformedOptionalParameters)
        #expect(error?.notification.subcode == 0)
    }

    @Test func octetsAfterTheOptionalParameters() {
        let error = wireDecodeError(wireOpen(optionalParameters: [0x02, 0x02, 0x00, 0xee]))
        #expect(error?.code == .malformedOptionalParameters)
        #expect(error?.notification.code == .openMessageError)
    }

    @Test func extendedLengthPastTheMessage() {
        let error = wireDecodeError(wireOpen(optionalParameters: [0xff, 0xff, 0x00, 0x20, 0x02, 0x00, 0x02, 0x02, 0x00]))
        #expect(error?.code == .malformedOptionalParameters)
        #expect(error?.notification.code == .openMessageError)
    }

    @Test func malformedCapabilityInsideOpen() {
        let error = wireDecodeError(wireOpen(optionalParameters: [
            0x05,                   // Opt Parm Len 5
            0x02, 0x03,             // Capabilities, length 3
            0x02, 0x01, 0x00,       //   Route Refresh with length 1
        ]))
        #expect(error?.code == .malformedCapability)
        #expect(error?.notification == NotificationMessage(code: .openMessageError, subcode: 0))
    }

    @Test func shortOpenIsABadMessageLength() {
        // Header length 28: the framer refuses it before the body is read (RFC 4271 §6.1).
        let bytes = wireHeader(bodyLength: 9, type: 1) + [0x04, 0xfd, 0xe9, 0x00, 0x5a, 0x0a, 0x00, 0x00, 0x01]
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x00, 0x1c]))
    }
}

// The table of malformed BGP messages run by `MalformedUpdateTests.swift`.
//
// Every entry is a whole message (the 16-octet marker is added by `malformedMessage`, except where
// the marker itself is the error), annotated field by field in the manner of GoBGP's vectors, with
// the outcome RFC 4271 §6 and RFC 7606 prescribe:
//
// - a session reset: the `BGPDecodeError.Code` and the NOTIFICATION code, subcode and (where
//   RFC 4271 §6 prescribes it) data;
// - an RFC 7606 action (attribute-discard, treat-as-withdraw, AFI/SAFI disable) with the attribute
//   it concerns, the prefixes the UPDATE still reports, and checks on what was kept or dropped.
//
// Unless a case says otherwise the session uses 4-octet ASNs with an external peer
// (`CodecOptions.standard`). Recurring fields:
//
//     0x40, 0x01, 0x01, 0x00                                  ORIGIN IGP
//     0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9    AS_PATH AS_SEQUENCE [65001], 4-octet
//     0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9                AS_PATH AS_SEQUENCE [65001], 2-octet
//     0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01                NEXT_HOP 192.0.2.1
//     0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01                      NLRI 10.0.0.0/8, 192.168.1.0/24

import Testing
import NetworkPrimitives
@testable import BGPWire

// MARK: - Expectations

/// The NOTIFICATION data a session-reset case expects.
enum MalformedExpectedData: Sendable {
    /// RFC 4271 §6 prescribes no data for this error: not checked.
    case unchecked
    /// Exactly these octets.
    case exactly([UInt8])
    /// The whole message as received (RFC 7313 §5).
    case wholeMessage
}

/// One RFC 7606 outcome an UPDATE must report.
struct MalformedExpectedMalformation: Sendable, CustomStringConvertible {
    /// The attribute type code concerned (0 when no attribute can be named).
    var attributeType: UInt8
    var action: AttributeErrorAction
    /// The RFC 4271 §6.3 subcode, when the RFC names one unambiguously; `nil` leaves it unchecked.
    var subcode: UInt8?
    /// The family to disable, for `.afiSafiDisable`.
    var family: AddressFamily?

    static func withdraw(_ type: UInt8, subcode: UInt8? = nil) -> Self {
        Self(attributeType: type, action: .treatAsWithdraw, subcode: subcode, family: nil)
    }

    static func discard(_ type: UInt8, subcode: UInt8? = nil) -> Self {
        Self(attributeType: type, action: .attributeDiscard, subcode: subcode, family: nil)
    }

    static func disable(_ type: UInt8, _ family: AddressFamily) -> Self {
        Self(attributeType: type, action: .afiSafiDisable, subcode: nil, family: family)
    }

    var description: String {
        "\(action) of attribute \(attributeType)" + (subcode.map { " subcode \($0)" } ?? "")
            + (family.map { " family \($0)" } ?? "")
    }
}

/// A field of the decoded attributes, for presence checks.
enum MalformedAttributeField: Sendable {
    case origin, asPath, nextHop, multiExitDiscriminator, localPreference, atomicAggregate, aggregator
    case communities, originatorID, clusterList, as4Path, as4Aggregator, mpReach
}

/// An extra check on a decoded UPDATE.
enum MalformedUpdateCheck: Sendable {
    case origin(Origin)
    case absent(MalformedAttributeField)
    case present(MalformedAttributeField)
    case unrecognizedAttributeCount(Int)
    case withdrawn([String])
}

/// What decoding one table entry must produce.
enum MalformedExpectation: Sendable {
    /// A thrown `BGPDecodeError` carrying this NOTIFICATION.
    case sessionReset(BGPDecodeError.Code, NotificationCode, subcode: UInt8, data: MalformedExpectedData)
    /// A decoded UPDATE with exactly these malformations (empty: accepted as is).
    /// `announced` is `allAnnouncedPrefixes`, in order.
    case update([MalformedExpectedMalformation], announced: [String], checks: [MalformedUpdateCheck])
    /// A NOTIFICATION decoded without error whose malformed shutdown communication is ignored
    /// (RFC 9003 §4).
    case notificationIgnoringShutdownCommunication(NotificationCode, subcode: UInt8)

    static func reset(
        _ code: BGPDecodeError.Code, _ notification: NotificationCode, _ subcode: UInt8,
        data: MalformedExpectedData = .unchecked
    ) -> Self {
        .sessionReset(code, notification, subcode: subcode, data: data)
    }

    static func rfc7606(
        _ malformations: MalformedExpectedMalformation..., announced: [String],
        checks: [MalformedUpdateCheck] = []
    ) -> Self {
        .update(malformations, announced: announced, checks: checks)
    }

    static func accepted(announced: [String], checks: [MalformedUpdateCheck] = []) -> Self {
        .update([], announced: announced, checks: checks)
    }
}

/// One malformed input and what must come of it.
struct MalformedInputCase: Sendable, CustomTestStringConvertible {
    var name: String
    var options: CodecOptions
    var bytes: [UInt8]
    var expectation: MalformedExpectation
    /// Whether the header's Length field deliberately disagrees with the octets given.
    var lengthFieldIsTheError: Bool

    init(
        _ name: String, options: CodecOptions = .standard, lengthFieldIsTheError: Bool = false,
        _ bytes: [UInt8], _ expectation: MalformedExpectation
    ) {
        self.name = name
        self.options = options
        self.bytes = bytes
        self.expectation = expectation
        self.lengthFieldIsTheError = lengthFieldIsTheError
    }

    var testDescription: String { name }
}

// MARK: - Table

/// The 16-octet marker followed by `rest` (length, type, body).
private func malformedMessage(_ rest: [UInt8]) -> [UInt8] {
    [UInt8](repeating: 0xff, count: 16) + rest
}

private let internalPeer = CodecOptions(fourOctetAS: true, peerIsExternal: false)
private let twoOctetSession = CodecOptions(fourOctetAS: false)
private let bothPrefixes = ["10.0.0.0/8", "192.168.1.0/24"]

/// Every malformed input, in RFC order: header, OPEN, UPDATE framing, RFC 7606 §7 attribute by
/// attribute, attribute lists, multiprotocol, NOTIFICATION, ROUTE-REFRESH.
let malformedInputTable: [MalformedInputCase] = headerCases + openCases + updateFramingCases
    + originCases + asPathCases + simpleAttributeCases + optionalAttributeCases + as4Cases
    + flagCases + attributeListCases + multiprotocolCases + notificationCases + routeRefreshCases

// MARK: Message header (RFC 4271 §6.1)

private let headerCases: [MalformedInputCase] = [
    MalformedInputCase("header: marker not all ones → 1/1", [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, // marker - last octet 0xfe
        0x00, 0x13,                                     // length 19
        0x04,                                           // type 4 KEEPALIVE
    ], .reset(.connectionNotSynchronized, .messageHeaderError, MessageHeaderSubcode.connectionNotSynchronized)),

    MalformedInputCase("header: length 18 → 1/2 with the length as data", lengthFieldIsTheError: true, malformedMessage([
        0x00, 0x12,                                     // length 18 - below the 19-octet header
        0x04,                                           // type 4 KEEPALIVE
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x00, 0x12]))),

    MalformedInputCase("header: length 4097 without Extended Message → 1/2 with the length as data",
                       lengthFieldIsTheError: true, malformedMessage([
        0x10, 0x01,                                     // length 4097 - over 4096 (RFC 8654 not negotiated)
        0x02,                                           // type 2 UPDATE (the body is never awaited)
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x10, 0x01]))),

    MalformedInputCase("header: type 7 → 1/3 with the type as data", malformedMessage([
        0x00, 0x13,                                     // length 19
        0x07,                                           // type 7 - not 1...5
    ]), .reset(.badMessageType, .messageHeaderError, MessageHeaderSubcode.badMessageType, data: .exactly([0x07]))),

    MalformedInputCase("header: KEEPALIVE with a body → 1/2", malformedMessage([
        0x00, 0x14,                                     // length 20 - a KEEPALIVE must be 19
        0x04,                                           // type 4 KEEPALIVE
        0x00,                                           // one stray body octet
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x00, 0x14]))),

    MalformedInputCase("header: UPDATE of length 22 → 1/2", malformedMessage([
        0x00, 0x16,                                     // length 22 - an UPDATE is at least 23
        0x02,                                           // type 2 UPDATE
        0x00, 0x00, 0x00,                               // withdrawn length 0, then one octet of attribute length
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x00, 0x16]))),

    MalformedInputCase("header: NOTIFICATION of length 20 → 1/2", malformedMessage([
        0x00, 0x14,                                     // length 20 - a NOTIFICATION is at least 21
        0x03,                                           // type 3 NOTIFICATION
        0x06,                                           // error code 6, no subcode
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x00, 0x14]))),

    MalformedInputCase("header: OPEN of length 28 → 1/2", malformedMessage([
        0x00, 0x1c,                                     // length 28 - an OPEN is at least 29
        0x01,                                           // type 1 OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0xb4,                                     // hold time 180
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        // optional parameters length missing
    ]), .reset(.badMessageLength, .messageHeaderError, MessageHeaderSubcode.badMessageLength,
               data: .exactly([0x00, 0x1c]))),
]

// MARK: OPEN (RFC 4271 §6.2, RFC 7607)

private let openCases: [MalformedInputCase] = [
    MalformedInputCase("OPEN: version 5 → 2/1 with the largest supported version as data", malformedMessage([
        0x00, 0x1d, 0x01,                               // length 29, OPEN
        0x05,                                           // version 5 - unsupported
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0xb4,                                     // hold time 180
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x00,                                           // optional parameters length 0
    ]), .reset(.unsupportedVersion, .openMessageError, OpenMessageSubcode.unsupportedVersionNumber,
               data: .exactly([0x00, 0x04]))),

    MalformedInputCase("OPEN: hold time 2 → 2/6", malformedMessage([
        0x00, 0x1d, 0x01,                               // length 29, OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0x02,                                     // hold time 2 - neither 0 nor at least 3
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x00,                                           // optional parameters length 0
    ]), .reset(.unacceptableHoldTime, .openMessageError, OpenMessageSubcode.unacceptableHoldTime)),

    MalformedInputCase("OPEN: hold time 1 → 2/6", malformedMessage([
        0x00, 0x1d, 0x01,                               // length 29, OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0x01,                                     // hold time 1 - neither 0 nor at least 3
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x00,                                           // optional parameters length 0
    ]), .reset(.unacceptableHoldTime, .openMessageError, OpenMessageSubcode.unacceptableHoldTime)),

    MalformedInputCase("OPEN: BGP identifier 0.0.0.0 → 2/3", malformedMessage([
        0x00, 0x1d, 0x01,                               // length 29, OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0xb4,                                     // hold time 180
        0x00, 0x00, 0x00, 0x00,                         // BGP identifier 0.0.0.0 - invalid (RFC 6286)
        0x00,                                           // optional parameters length 0
    ]), .reset(.badBGPIdentifier, .openMessageError, OpenMessageSubcode.badBGPIdentifier)),

    MalformedInputCase("OPEN: my AS 0 → 2/2 (RFC 7607)", malformedMessage([
        0x00, 0x1d, 0x01,                               // length 29, OPEN
        0x04,                                           // version 4
        0x00, 0x00,                                     // my AS 0 - reserved
        0x00, 0xb4,                                     // hold time 180
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x00,                                           // optional parameters length 0
    ]), .reset(.badPeerAS, .openMessageError, OpenMessageSubcode.badPeerAS)),

    MalformedInputCase("OPEN: optional parameter type 3 → 2/4", malformedMessage([
        0x00, 0x1f, 0x01,                               // length 31, OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0xb4,                                     // hold time 180
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x02,                                           // optional parameters length 2
        0x03, 0x00,                                     // parameter type 3 (deprecated Authentication), length 0
    ]), .reset(.unsupportedOptionalParameter, .openMessageError, OpenMessageSubcode.unsupportedOptionalParameter)),

    MalformedInputCase("OPEN: optional parameters length overrunning the message → 2/0", malformedMessage([
        0x00, 0x1f, 0x01,                               // length 31, OPEN
        0x04,                                           // version 4
        0xfd, 0xe9,                                     // my AS 65001
        0x00, 0xb4,                                     // hold time 180
        0x0a, 0x00, 0x00, 0x01,                         // BGP identifier 10.0.0.1
        0x05,                                           // optional parameters length 5 - only 2 octets follow
        0x02, 0x00,                                     // Capabilities, length 0
    ]), .reset(.malformedOptionalParameters, .openMessageError, OpenMessageSubcode.unspecific)),
]

// MARK: UPDATE framing and NLRI (RFC 4271 §6.3, RFC 7606 §5.3)

private let updateFramingCases: [MalformedInputCase] = [
    MalformedInputCase("UPDATE: withdrawn routes length overrunning the message → 3/1", malformedMessage([
        0x00, 0x19, 0x02,                               // length 25, UPDATE
        0x00, 0x05,                                     // withdrawn routes length 5 - only 4 octets follow
        0x08, 0x0a,                                     // withdrawn 10.0.0.0/8
        0x00, 0x00,                                     // (would be the total path attribute length)
    ]), .reset(.malformedAttributeList, .updateMessageError, UpdateMessageSubcode.malformedAttributeList)),

    MalformedInputCase("UPDATE: total path attribute length overrunning the message → 3/1", malformedMessage([
        0x00, 0x1b, 0x02,                               // length 27, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x20,                                     // total path attribute length 32 - only 4 octets follow
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
    ]), .reset(.malformedAttributeList, .updateMessageError, UpdateMessageSubcode.malformedAttributeList)),

    MalformedInputCase("UPDATE: withdrawn prefix length 33 → 3/10", malformedMessage([
        0x00, 0x1c, 0x02,                               // length 28, UPDATE
        0x00, 0x05,                                     // withdrawn routes length 5
        0x21, 0x0a, 0x00, 0x00, 0x01,                   // withdrawn /33 - over 32
        0x00, 0x00,                                     // total path attribute length 0
    ]), .reset(.invalidNetworkField, .updateMessageError, UpdateMessageSubcode.invalidNetworkField)),

    MalformedInputCase("UPDATE: withdrawn /24 cut short → 3/10", malformedMessage([
        0x00, 0x1a, 0x02,                               // length 26, UPDATE
        0x00, 0x03,                                     // withdrawn routes length 3
        0x18, 0x0a, 0x00,                               // withdrawn /24 - needs 3 octets, 2 left
        0x00, 0x00,                                     // total path attribute length 0
    ]), .reset(.invalidNetworkField, .updateMessageError, UpdateMessageSubcode.invalidNetworkField)),

    MalformedInputCase("UPDATE: NLRI /24 cut short → 3/10", malformedMessage([
        0x00, 0x2e, 0x02,                               // length 46, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x18, 0x0a, 0x00,                               // NLRI /24 - needs 3 octets, 2 left
    ]), .reset(.invalidNetworkField, .updateMessageError, UpdateMessageSubcode.invalidNetworkField)),

    MalformedInputCase("UPDATE: NLRI prefix length 40 → 3/10", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x28, 0x0a, 0x00, 0x00, 0x00, 0x00,             // NLRI /40 - over 32
    ]), .reset(.invalidNetworkField, .updateMessageError, UpdateMessageSubcode.invalidNetworkField)),

    MalformedInputCase("UPDATE: unrecognized well-known attribute 200 → 3/2 with the attribute as data", malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0xc8, 0x02, 0xab, 0xcd,                   // type 200 flagged well-known - unrecognized
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .reset(.unrecognizedWellKnownAttribute, .updateMessageError,
               UpdateMessageSubcode.unrecognizedWellKnownAttribute, data: .exactly([0x40, 0xc8, 0x02, 0xab, 0xcd]))),

    MalformedInputCase("UPDATE: unrecognized well-known attribute with extended length → 3/2 with the attribute as data",
                       malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x50, 0xc9, 0x00, 0x01, 0x00,                   // type 201, well-known + extended length 1 - unrecognized
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .reset(.unrecognizedWellKnownAttribute, .updateMessageError,
               UpdateMessageSubcode.unrecognizedWellKnownAttribute, data: .exactly([0x50, 0xc9, 0x00, 0x01, 0x00]))),
]

// MARK: ORIGIN (RFC 7606 §7.1)

private let originCases: [MalformedInputCase] = [
    MalformedInputCase("ORIGIN length 0 → treat-as-withdraw (RFC 7606 §7.1)", malformedMessage([
        0x00, 0x30, 0x02,                               // length 48, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x13,                                     // total path attribute length 19
        0x40, 0x01, 0x00,                               // ORIGIN - invalid length 0
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.origin)])),

    MalformedInputCase("ORIGIN length 2 → treat-as-withdraw (RFC 7606 §7.1)", malformedMessage([
        0x00, 0x32, 0x02,                               // length 50, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x15,                                     // total path attribute length 21
        0x40, 0x01, 0x02, 0x00, 0x00,                   // ORIGIN - invalid length 2
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes)),

    MalformedInputCase("ORIGIN value 3 → treat-as-withdraw (RFC 7606 §7.1)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x03,                         // ORIGIN - undefined value 3
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.invalidOriginAttribute),
                 announced: bothPrefixes)),
]

// MARK: AS_PATH (RFC 7606 §7.2, RFC 7607, RFC 5065 §5.3)

private let asPathCases: [MalformedInputCase] = [
    MalformedInputCase("AS_PATH unknown segment type 5 → treat-as-withdraw (RFC 7606 §7.2)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06,                               // AS_PATH, length 6
        0x05, 0x01, 0x00, 0x00, 0xfd, 0xe9,             //   segment type 5 - unknown
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes, checks: [.absent(.asPath)])),

    MalformedInputCase("AS_PATH zero-length segment → treat-as-withdraw (RFC 7606 §7.2)", malformedMessage([
        0x00, 0x2d, 0x02,                               // length 45, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x10,                                     // total path attribute length 16
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x02,                               // AS_PATH, length 2
        0x02, 0x00,                                     //   AS_SEQUENCE of 0 ASes - invalid
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),

    MalformedInputCase("AS_PATH segment overrunning the attribute → treat-as-withdraw (RFC 7606 §7.2)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06,                               // AS_PATH, length 6
        0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9,             //   AS_SEQUENCE of 2 ASes - 8 octets, 4 left
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),

    MalformedInputCase("AS_PATH single trailing octet → treat-as-withdraw (RFC 7606 §7.2)", malformedMessage([
        0x00, 0x32, 0x02,                               // length 50, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x15,                                     // total path attribute length 21
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x07,                               // AS_PATH, length 7
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,             //   AS_SEQUENCE [65001]
        0x02,                                           //   one octet left - not even a segment header
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),

    MalformedInputCase("AS_PATH containing AS 0 → treat-as-withdraw (RFC 7607)", malformedMessage([
        0x00, 0x35, 0x02,                               // length 53, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x18,                                     // total path attribute length 24
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x0a,                               // AS_PATH, length 10
        0x02, 0x02,                                     //   AS_SEQUENCE of 2
        0x00, 0x00, 0xfd, 0xe9,                         //     65001
        0x00, 0x00, 0x00, 0x00,                         //     0 - reserved
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),

    MalformedInputCase("AS_PATH confederation segment from an external peer → treat-as-withdraw (RFC 5065 §5.3)",
                       malformedMessage([
        0x00, 0x37, 0x02,                               // length 55, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1a,                                     // total path attribute length 26
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x0c,                               // AS_PATH, length 12
        0x03, 0x01, 0x00, 0x00, 0xfd, 0xe8,             //   AS_CONFED_SEQUENCE [65000] - not from an external peer
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,             //   AS_SEQUENCE [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),

    MalformedInputCase("AS_PATH confederation segment from an internal peer → accepted", options: internalPeer,
                       malformedMessage([
        0x00, 0x37, 0x02,                               // length 55, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1a,                                     // total path attribute length 26
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x0c,                               // AS_PATH, length 12
        0x03, 0x01, 0x00, 0x00, 0xfd, 0xe8,             //   AS_CONFED_SEQUENCE [65000]
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,             //   AS_SEQUENCE [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .accepted(announced: bothPrefixes, checks: [.present(.asPath)])),

    MalformedInputCase("AS_PATH in 2-octet encoding on a 4-octet session → treat-as-withdraw (RFC 7606 §7.2)",
                       malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06,                               // AS_PATH, length 6
        0x02, 0x02, 0xfd, 0xe9, 0xfd, 0xea,             //   AS_SEQUENCE [65001, 65002] in 2 octets - read as 4: overrun
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.malformedASPath),
                 announced: bothPrefixes)),
]

// MARK: NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR (RFC 7606 §7.3 - §7.7)

private let simpleAttributeCases: [MalformedInputCase] = [
    MalformedInputCase("NEXT_HOP length 3 → treat-as-withdraw (RFC 7606 §7.3)", malformedMessage([
        0x00, 0x30, 0x02,                               // length 48, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x13,                                     // total path attribute length 19
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x03, 0xc0, 0x00, 0x02,             // NEXT_HOP - invalid length 3
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.nextHop, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.nextHop)])),

    MalformedInputCase("NEXT_HOP length 5 → treat-as-withdraw (RFC 7606 §7.3)", malformedMessage([
        0x00, 0x32, 0x02,                               // length 50, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x15,                                     // total path attribute length 21
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x05, 0xc0, 0x00, 0x02, 0x01, 0x00, // NEXT_HOP - invalid length 5
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.nextHop, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes)),

    MalformedInputCase("MULTI_EXIT_DISC length 3 → treat-as-withdraw (RFC 7606 §7.4)", malformedMessage([
        0x00, 0x37, 0x02,                               // length 55, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1a,                                     // total path attribute length 26
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x04, 0x03, 0x00, 0x00, 0x64,             // MULTI_EXIT_DISC - invalid length 3
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.multiExitDiscriminator)])),

    MalformedInputCase("LOCAL_PREF from an external peer → attribute-discard (RFC 7606 §7.5)", malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64,       // LOCAL_PREF 100 - not from an external peer
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.localPreference), announced: bothPrefixes,
                 checks: [.absent(.localPreference), .origin(.igp), .present(.nextHop)])),

    MalformedInputCase("LOCAL_PREF length 2 from an external peer → attribute-discard (RFC 7606 §7.5)", malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x05, 0x02, 0x00, 0x64,                   // LOCAL_PREF - length 2, and from an external peer
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.localPreference), announced: bothPrefixes,
                 checks: [.absent(.localPreference)])),

    MalformedInputCase("LOCAL_PREF length 2 from an internal peer → treat-as-withdraw (RFC 7606 §7.5)",
                       options: internalPeer, malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x05, 0x02, 0x00, 0x64,                   // LOCAL_PREF - invalid length 2
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.localPreference, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes)),

    MalformedInputCase("ATOMIC_AGGREGATE length 1 → attribute-discard (RFC 7606 §7.6)", malformedMessage([
        0x00, 0x35, 0x02,                               // length 53, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x18,                                     // total path attribute length 24
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x06, 0x01, 0x00,                         // ATOMIC_AGGREGATE - invalid length 1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.atomicAggregate, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.atomicAggregate)])),

    MalformedInputCase("AGGREGATOR length 7 on a 4-octet session → attribute-discard (RFC 7606 §7.7)", malformedMessage([
        0x00, 0x3b, 0x02,                               // length 59, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1e,                                     // total path attribute length 30
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x07, 0x07,                               // AGGREGATOR - invalid length 7 (expected 8)
        0x00, 0x00, 0xfd, 0xe9, 0xc0, 0x00, 0x02,       //   AS 65001, 3 octets of address
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.aggregator, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.aggregator), .present(.asPath)])),

    MalformedInputCase("AGGREGATOR length 8 on a 2-octet session → attribute-discard (RFC 7606 §7.7)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x3a, 0x02,                               // length 58, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1d,                                     // total path attribute length 29
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9,       // AS_PATH [65001], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x07, 0x08,                               // AGGREGATOR - invalid length 8 (expected 6)
        0x00, 0x00, 0xfd, 0xe9, 0xc0, 0x00, 0x02, 0x01, //   4-octet AS 65001, 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.aggregator, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes, checks: [.absent(.aggregator)])),

    MalformedInputCase("AGGREGATOR with AS 0 → attribute-discard (RFC 7607)", malformedMessage([
        0x00, 0x3c, 0x02,                               // length 60, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1f,                                     // total path attribute length 31
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x07, 0x08,                               // AGGREGATOR, length 8
        0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, //   AS 0 - reserved, 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.aggregator), announced: bothPrefixes, checks: [.absent(.aggregator)])),
]

// MARK: COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES, LARGE_COMMUNITY, OTC

private let optionalAttributeCases: [MalformedInputCase] = [
    MalformedInputCase("COMMUNITIES length 0 → treat-as-withdraw (RFC 7606 §7.8)", malformedMessage([
        0x00, 0x34, 0x02,                               // length 52, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x17,                                     // total path attribute length 23
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x08, 0x00,                               // COMMUNITIES - invalid length 0
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.communities), announced: bothPrefixes)),

    MalformedInputCase("COMMUNITIES length 5 → treat-as-withdraw (RFC 7606 §7.8)", malformedMessage([
        0x00, 0x39, 0x02,                               // length 57, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1c,                                     // total path attribute length 28
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x08, 0x05,                               // COMMUNITIES - invalid length 5
        0xff, 0xff, 0xff, 0x01, 0x00,                   //   no-export and a stray octet
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.communities), announced: bothPrefixes, checks: [.absent(.communities)])),

    MalformedInputCase("ORIGINATOR_ID length 5 from an internal peer → treat-as-withdraw (RFC 7606 §7.9)",
                       options: internalPeer, malformedMessage([
        0x00, 0x39, 0x02,                               // length 57, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1c,                                     // total path attribute length 28
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x09, 0x05, 0x0a, 0x00, 0x00, 0x01, 0x00, // ORIGINATOR_ID - invalid length 5
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.originatorID, subcode: UpdateMessageSubcode.attributeLengthError),
                 announced: bothPrefixes)),

    MalformedInputCase("ORIGINATOR_ID from an external peer → attribute-discard (RFC 7606 §7.9)", malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x09, 0x04, 0x0a, 0x00, 0x00, 0x01,       // ORIGINATOR_ID 10.0.0.1 - not from an external peer
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.originatorID), announced: bothPrefixes, checks: [.absent(.originatorID)])),

    MalformedInputCase("CLUSTER_LIST length 6 from an internal peer → treat-as-withdraw (RFC 7606 §7.10)",
                       options: internalPeer, malformedMessage([
        0x00, 0x3a, 0x02,                               // length 58, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1d,                                     // total path attribute length 29
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x0a, 0x06,                               // CLUSTER_LIST - invalid length 6
        0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,             //   10.0.0.1 and half an ID
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.clusterList), announced: bothPrefixes)),

    MalformedInputCase("CLUSTER_LIST from an external peer → attribute-discard (RFC 7606 §7.10)", malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x0a, 0x04, 0x0a, 0x00, 0x00, 0x01,       // CLUSTER_LIST [10.0.0.1] - not from an external peer
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.clusterList), announced: bothPrefixes, checks: [.absent(.clusterList)])),

    MalformedInputCase("EXTENDED_COMMUNITIES length 12 → treat-as-withdraw (RFC 7606 §7.14)", malformedMessage([
        0x00, 0x40, 0x02,                               // length 64, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x23,                                     // total path attribute length 35
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x10, 0x0c,                               // EXTENDED_COMMUNITIES - invalid length 12
        0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x64, //   rt:65001:100
        0x00, 0x02, 0xfd, 0xe9,                         //   half a community
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.extendedCommunities), announced: bothPrefixes)),

    MalformedInputCase("LARGE_COMMUNITY length 8 → treat-as-withdraw (RFC 8092 §6)", malformedMessage([
        0x00, 0x3c, 0x02,                               // length 60, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1f,                                     // total path attribute length 31
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x20, 0x08,                               // LARGE_COMMUNITY - invalid length 8
        0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, //   two thirds of 65001:1:x
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.largeCommunity), announced: bothPrefixes)),

    MalformedInputCase("ONLY_TO_CUSTOMER length 3 → treat-as-withdraw (RFC 9234 §5)", malformedMessage([
        0x00, 0x37, 0x02,                               // length 55, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1a,                                     // total path attribute length 26
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x23, 0x03, 0x00, 0xfd, 0xe9,             // ONLY_TO_CUSTOMER - invalid length 3
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.onlyToCustomer), announced: bothPrefixes)),
]

// MARK: AS4_PATH, AS4_AGGREGATOR (RFC 6793 §6, RFC 7607, RFC 7606 §4)

private let as4Cases: [MalformedInputCase] = [
    MalformedInputCase("AS4_PATH malformed on a 2-octet session → attribute-discard (RFC 6793 §6)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,       // AS_PATH [23456 AS_TRANS], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x11, 0x06,                               // AS4_PATH, length 6
        0x02, 0x02, 0xfa, 0x56, 0xea, 0x00,             //   AS_SEQUENCE of 2 - 8 octets, 4 left
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Path), announced: bothPrefixes,
                 checks: [.absent(.as4Path), .present(.asPath)])),

    MalformedInputCase("AS4_PATH with AS 0 on a 2-octet session → attribute-discard (RFC 7607, RFC 6793 §6)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,       // AS_PATH [23456 AS_TRANS], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x11, 0x06,                               // AS4_PATH, length 6
        0x02, 0x01, 0x00, 0x00, 0x00, 0x00,             //   AS_SEQUENCE [0] - reserved
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Path), announced: bothPrefixes, checks: [.absent(.as4Path)])),

    MalformedInputCase("AS4_PATH of length 0 on a 2-octet session → attribute-discard (RFC 7606 §4)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x32, 0x02,                               // length 50, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x15,                                     // total path attribute length 21
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,       // AS_PATH [23456 AS_TRANS], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x11, 0x00,                               // AS4_PATH - length 0 (only AS_PATH and ATOMIC_AGGREGATE may be empty)
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Path), announced: bothPrefixes, checks: [.absent(.as4Path)])),

    MalformedInputCase("AS4_PATH from a 4-octet speaker → attribute-discard (RFC 6793 §6)", malformedMessage([
        0x00, 0x3a, 0x02,                               // length 58, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1d,                                     // total path attribute length 29
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x11, 0x06,                               // AS4_PATH - must not come from a 4-octet speaker
        0x02, 0x01, 0xfa, 0x56, 0xea, 0x00,             //   AS_SEQUENCE [4200000000]
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Path), announced: bothPrefixes, checks: [.absent(.as4Path)])),

    MalformedInputCase("AS4_AGGREGATOR length 6 on a 2-octet session → attribute-discard (RFC 6793 §6)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x41, 0x02,                               // length 65, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x24,                                     // total path attribute length 36
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,       // AS_PATH [23456 AS_TRANS], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x07, 0x06, 0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x01, // AGGREGATOR AS_TRANS, 192.0.2.1
        0xc0, 0x12, 0x06,                               // AS4_AGGREGATOR - invalid length 6 (expected 8)
        0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x01,             //   2-octet AS, 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Aggregator), announced: bothPrefixes,
                 checks: [.absent(.as4Aggregator), .present(.aggregator)])),

    MalformedInputCase("AS4_AGGREGATOR with AS 0 on a 2-octet session → attribute-discard (RFC 7607)",
                       options: twoOctetSession, malformedMessage([
        0x00, 0x43, 0x02,                               // length 67, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x26,                                     // total path attribute length 38
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0,       // AS_PATH [23456 AS_TRANS], 2-octet
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x07, 0x06, 0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x01, // AGGREGATOR AS_TRANS, 192.0.2.1
        0xc0, 0x12, 0x08,                               // AS4_AGGREGATOR, length 8
        0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, //   AS 0 - reserved, 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.as4Aggregator), announced: bothPrefixes, checks: [.absent(.as4Aggregator)])),
]

// MARK: Attribute flags (RFC 7606 §3 c, RFC 4271 §4.3)

private let flagCases: [MalformedInputCase] = [
    MalformedInputCase("ORIGIN flagged optional → treat-as-withdraw (RFC 7606 §3 c)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0xc0, 0x01, 0x01, 0x00,                         // ORIGIN - flags 0xc0: optional bit on a well-known attribute
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.attributeFlagsError),
                 announced: bothPrefixes)),

    MalformedInputCase("MULTI_EXIT_DISC flagged transitive → treat-as-withdraw (RFC 7606 §3 c)", malformedMessage([
        0x00, 0x38, 0x02,                               // length 56, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1b,                                     // total path attribute length 27
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64,       // MULTI_EXIT_DISC - flags 0xc0: transitive bit on a non-transitive attribute
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator, subcode: UpdateMessageSubcode.attributeFlagsError),
                 announced: bothPrefixes, checks: [.absent(.multiExitDiscriminator)])),

    MalformedInputCase("AGGREGATOR flagged well-known → attribute-discard (RFC 7606 §7.7)", malformedMessage([
        0x00, 0x3c, 0x02,                               // length 60, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1f,                                     // total path attribute length 31
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x07, 0x08,                               // AGGREGATOR - flags 0x40: well-known, expected 0xc0
        0x00, 0x00, 0xfd, 0xe9, 0xc0, 0x00, 0x02, 0x01, //   AS 65001, 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.aggregator, subcode: UpdateMessageSubcode.attributeFlagsError),
                 announced: bothPrefixes, checks: [.absent(.aggregator)])),

    MalformedInputCase("ORIGIN with the Partial bit → treat-as-withdraw (RFC 4271 §4.3)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x60, 0x01, 0x01, 0x00,                         // ORIGIN - flags 0x60: Partial on a well-known attribute
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.attributeFlagsError),
                 announced: bothPrefixes)),

    MalformedInputCase("ORIGIN with the unused low-order flag bits set → accepted (RFC 4271 §4.3)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x14,                                     // total path attribute length 20
        0x4f, 0x01, 0x01, 0x02,                         // ORIGIN INCOMPLETE - flags 0x4f: low bits must be ignored
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .accepted(announced: bothPrefixes, checks: [.origin(.incomplete)])),
]

// MARK: Attribute list: duplicates, overruns, missing attributes, several errors (RFC 7606 §3, §4)

private let attributeListCases: [MalformedInputCase] = [
    MalformedInputCase("duplicate ORIGIN → the repeat is discarded, the first kept (RFC 7606 §3 g)", malformedMessage([
        0x00, 0x35, 0x02,                               // length 53, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x18,                                     // total path attribute length 24
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x01, 0x01, 0x02,                         // ORIGIN INCOMPLETE - repeated
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.origin, subcode: UpdateMessageSubcode.malformedAttributeList),
                 announced: bothPrefixes, checks: [.origin(.igp), .present(.nextHop)])),

    MalformedInputCase("attribute length overrunning the attribute field → treat-as-withdraw, NLRI found (RFC 7606 §4)",
                       malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x04, 0x04, 0x00, 0x00,                   // MULTI_EXIT_DISC, length 4 - only 2 octets left in the field
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator), announced: bothPrefixes)),

    MalformedInputCase("attribute header cut: 1 octet left → treat-as-withdraw, NLRI found (RFC 7606 §4)", malformedMessage([
        0x00, 0x32, 0x02,                               // length 50, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x15,                                     // total path attribute length 21
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80,                                           // flags only - no type, no length
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(0), announced: bothPrefixes)),

    MalformedInputCase("attribute header cut: 2 octets left → treat-as-withdraw, NLRI found (RFC 7606 §4)", malformedMessage([
        0x00, 0x33, 0x02,                               // length 51, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x16,                                     // total path attribute length 22
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x04,                                     // MULTI_EXIT_DISC flags and type - no length
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator), announced: bothPrefixes)),

    MalformedInputCase("extended-length attribute header cut: 3 octets left → treat-as-withdraw (RFC 7606 §4)",
                       malformedMessage([
        0x00, 0x34, 0x02,                               // length 52, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x17,                                     // total path attribute length 23
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x90, 0x04, 0x00,                               // MULTI_EXIT_DISC, extended length - one length octet of two
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator), announced: bothPrefixes)),

    MalformedInputCase("missing ORIGIN with NLRI → treat-as-withdraw, subcode 3 (RFC 7606 §3 d)", malformedMessage([
        0x00, 0x2d, 0x02,                               // length 45, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x10,                                     // total path attribute length 16
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1 (no ORIGIN)
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 announced: bothPrefixes)),

    MalformedInputCase("missing AS_PATH with NLRI → treat-as-withdraw, subcode 3 (RFC 7606 §3 d)", malformedMessage([
        0x00, 0x28, 0x02,                               // length 40, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x0b,                                     // total path attribute length 11
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP (no AS_PATH)
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 announced: bothPrefixes)),

    MalformedInputCase("missing NEXT_HOP with NLRI → treat-as-withdraw, subcode 3 (RFC 7606 §3 d)", malformedMessage([
        0x00, 0x2a, 0x02,                               // length 42, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x0d,                                     // total path attribute length 13
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001] (no NEXT_HOP)
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.nextHop, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 announced: bothPrefixes)),

    MalformedInputCase("no attributes at all with NLRI → treat-as-withdraw for each (RFC 7606 §3 d)", malformedMessage([
        0x00, 0x1d, 0x02,                               // length 29, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x00,                                     // total path attribute length 0
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.origin, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 .withdraw(AttributeType.asPath, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 .withdraw(AttributeType.nextHop, subcode: UpdateMessageSubcode.missingWellKnownAttribute),
                 announced: bothPrefixes)),

    MalformedInputCase("no NLRI and no mandatory attributes → accepted", malformedMessage([
        0x00, 0x20, 0x02,                               // length 32, UPDATE
        0x00, 0x02,                                     // withdrawn routes length 2
        0x08, 0x0a,                                     // withdrawn 10.0.0.0/8
        0x00, 0x07,                                     // total path attribute length 7
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64,       // MULTI_EXIT_DISC 100 (no ORIGIN, AS_PATH, NEXT_HOP)
    ]), .accepted(announced: [], checks: [.withdrawn(["10.0.0.0/8"])])),

    MalformedInputCase("unrecognized optional transitive attribute → kept, not an error (RFC 4271 §5)", malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x19,                                     // total path attribute length 25
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0xc8, 0x02, 0xab, 0xcd,                   // type 200, optional transitive - unrecognized
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .accepted(announced: bothPrefixes, checks: [.unrecognizedAttributeCount(1)])),

    MalformedInputCase("attribute-discard and treat-as-withdraw together → treat-as-withdraw wins (RFC 7606 §3 a)",
                       malformedMessage([
        0x00, 0x3b, 0x02,                               // length 59, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1e,                                     // total path attribute length 30
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x80, 0x04, 0x03, 0x00, 0x00, 0x64,             // MULTI_EXIT_DISC - invalid length 3 (treat-as-withdraw)
        0x40, 0x06, 0x01, 0x00,                         // ATOMIC_AGGREGATE - invalid length 1 (attribute-discard)
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.withdraw(AttributeType.multiExitDiscriminator), .discard(AttributeType.atomicAggregate),
                 announced: bothPrefixes)),

    MalformedInputCase("two attribute-discards → attribute-discard, routes kept (RFC 7606 §3 a)", malformedMessage([
        0x00, 0x3f, 0x02,                               // length 63, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x22,                                     // total path attribute length 34
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0x40, 0x06, 0x01, 0x00,                         // ATOMIC_AGGREGATE - invalid length 1
        0xc0, 0x07, 0x07,                               // AGGREGATOR - invalid length 7
        0x00, 0x00, 0xfd, 0xe9, 0xc0, 0x00, 0x02,       //   AS 65001, 3 octets of address
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.discard(AttributeType.atomicAggregate), .discard(AttributeType.aggregator),
                 announced: bothPrefixes, checks: [.origin(.igp), .present(.asPath), .present(.nextHop)])),
]

// MARK: MP_REACH_NLRI, MP_UNREACH_NLRI (RFC 7606 §3 g, §5.3, §7.11, §7.12; RFC 4760 §7)

private let multiprotocolCases: [MalformedInputCase] = [
    MalformedInputCase("duplicate MP_REACH_NLRI → 3/1 (RFC 7606 §3 g)", malformedMessage([
        0x00, 0x5e, 0x02,                               // length 94, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x47,                                     // total path attribute length 71
        0x80, 0x0e, 0x1a,                               // MP_REACH_NLRI, length 26
        0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x80, 0x0e, 0x1a,                               // MP_REACH_NLRI again - repeated
        0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .reset(.malformedAttributeList, .updateMessageError, UpdateMessageSubcode.malformedAttributeList)),

    MalformedInputCase("MP_REACH_NLRI with an IPv6 next hop of length 5 → AFI/SAFI disable (RFC 7606 §7.11)",
                       malformedMessage([
        0x00, 0x36, 0x02,                               // length 54, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1f,                                     // total path attribute length 31
        0x80, 0x0e, 0x0f,                               // MP_REACH_NLRI, length 15
        0x00, 0x02, 0x01,                               //   AFI 2, SAFI 1
        0x05,                                           //   next hop length 5 - invalid for IPv6
        0x20, 0x01, 0x0d, 0xb8, 0x00,                   //   5 octets of next hop
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .rfc7606(.disable(AttributeType.mpReachNLRI, .ipv6Unicast), announced: [], checks: [.absent(.mpReach)])),

    MalformedInputCase("MP_REACH_NLRI next hop cut short → AFI/SAFI disable (RFC 7606 §7.11)", malformedMessage([
        0x00, 0x31, 0x02,                               // length 49, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x1a,                                     // total path attribute length 26
        0x80, 0x0e, 0x0a,                               // MP_REACH_NLRI, length 10
        0x00, 0x02, 0x01,                               //   AFI 2, SAFI 1
        0x10,                                           //   next hop length 16 - only 6 octets left
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,             //   part of a next hop
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .rfc7606(.disable(AttributeType.mpReachNLRI, .ipv6Unicast), announced: [])),

    MalformedInputCase("MP_REACH_NLRI with NLRI prefix length 129 → AFI/SAFI disable (RFC 7606 §5.3)", malformedMessage([
        0x00, 0x4d, 0x02,                               // length 77, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x36,                                     // total path attribute length 54
        0x80, 0x0e, 0x26,                               // MP_REACH_NLRI, length 38
        0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00,                                           //   reserved
        0x81,                                           //   NLRI /129 - over 128
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //     (16 octets: the length is refused first)
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .rfc7606(.disable(AttributeType.mpReachNLRI, .ipv6Unicast), announced: [])),

    MalformedInputCase("MP_REACH_NLRI flagged transitive → AFI/SAFI disable (RFC 7606 §5.3)", malformedMessage([
        0x00, 0x41, 0x02,                               // length 65, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x2a,                                     // total path attribute length 42
        0xc0, 0x0e, 0x1a,                               // MP_REACH_NLRI - flags 0xc0, expected 0x80
        0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .rfc7606(.disable(AttributeType.mpReachNLRI, .ipv6Unicast), announced: [])),

    MalformedInputCase("MP_REACH_NLRI shorter than AFI and SAFI → 3/9 (RFC 7606 §5.3, RFC 4760 §7)", malformedMessage([
        0x00, 0x29, 0x02,                               // length 41, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x12,                                     // total path attribute length 18
        0x80, 0x0e, 0x02, 0x00, 0x02,                   // MP_REACH_NLRI - length 2: AFI only, no SAFI
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
    ]), .reset(.malformedMultiprotocolAttribute, .updateMessageError, UpdateMessageSubcode.optionalAttributeError)),

    MalformedInputCase("MP_UNREACH_NLRI shorter than AFI and SAFI → 3/9 (RFC 7606 §5.3, RFC 4760 §7)", malformedMessage([
        0x00, 0x1b, 0x02,                               // length 27, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x04,                                     // total path attribute length 4
        0x80, 0x0f, 0x01, 0x00,                         // MP_UNREACH_NLRI - length 1
    ]), .reset(.malformedMultiprotocolAttribute, .updateMessageError, UpdateMessageSubcode.optionalAttributeError)),

    MalformedInputCase("MP_UNREACH_NLRI with a prefix cut short → AFI/SAFI disable (RFC 7606 §7.12)", malformedMessage([
        0x00, 0x20, 0x02,                               // length 32, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x09,                                     // total path attribute length 9
        0x80, 0x0f, 0x06,                               // MP_UNREACH_NLRI, length 6
        0x00, 0x02, 0x01,                               //   AFI 2, SAFI 1
        0x40, 0x20, 0x01,                               //   withdrawn /64 - needs 8 octets, 2 left
    ]), .rfc7606(.disable(AttributeType.mpUnreachNLRI, .ipv6Unicast), announced: [])),

    MalformedInputCase("missing NEXT_HOP with only MP_REACH_NLRI → accepted (RFC 4760 §3, RFC 7606 §3 d)",
                       malformedMessage([
        0x00, 0x41, 0x02,                               // length 65, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x2a,                                     // total path attribute length 42
        0x80, 0x0e, 0x1a,                               // MP_REACH_NLRI, length 26
        0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001] (no NEXT_HOP, no NLRI field)
    ]), .accepted(announced: ["2001:db8::/32"], checks: [.absent(.nextHop), .present(.mpReach)])),

    MalformedInputCase("MP_REACH_NLRI AFI/SAFI disable and COMMUNITIES treat-as-withdraw → AFI/SAFI disable wins (RFC 7606 §3 a)",
                       malformedMessage([
        0x00, 0x4b, 0x02,                               // length 75, UPDATE
        0x00, 0x00,                                     // withdrawn routes length 0
        0x00, 0x2e,                                     // total path attribute length 46
        0x80, 0x0e, 0x0f,                               // MP_REACH_NLRI, length 15
        0x00, 0x02, 0x01,                               //   AFI 2, SAFI 1
        0x05,                                           //   next hop length 5 - invalid for IPv6
        0x20, 0x01, 0x0d, 0xb8, 0x00,                   //   5 octets of next hop
        0x00,                                           //   reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
        0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        0xc0, 0x08, 0x05, 0xff, 0xff, 0xff, 0x01, 0x00, // COMMUNITIES - invalid length 5
        0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
    ]), .rfc7606(.disable(AttributeType.mpReachNLRI, .ipv6Unicast), .withdraw(AttributeType.communities),
                 announced: bothPrefixes)),
]

// MARK: NOTIFICATION (RFC 9003 §4)

private let notificationCases: [MalformedInputCase] = [
    MalformedInputCase("NOTIFICATION: shutdown communication longer than its data → decoded, communication ignored",
                       malformedMessage([
        0x00, 0x18, 0x03,                               // length 24, NOTIFICATION
        0x06, 0x02,                                     // Cease / Administrative Shutdown
        0x05, 0x61, 0x62,                               // communication length 5 - only "ab" follows
    ]), .notificationIgnoringShutdownCommunication(.cease, subcode: CeaseSubcode.administrativeShutdown)),

    MalformedInputCase("NOTIFICATION: shutdown communication not UTF-8 → decoded, communication ignored",
                       malformedMessage([
        0x00, 0x18, 0x03,                               // length 24, NOTIFICATION
        0x06, 0x04,                                     // Cease / Administrative Reset
        0x02, 0xc3, 0x28,                               // communication length 2 - invalid UTF-8
    ]), .notificationIgnoringShutdownCommunication(.cease, subcode: CeaseSubcode.administrativeReset)),
]

// MARK: ROUTE-REFRESH (RFC 7313 §5)

private let routeRefreshCases: [MalformedInputCase] = [
    MalformedInputCase("ROUTE-REFRESH of length 24 → 7/1 with the message as data", malformedMessage([
        0x00, 0x18, 0x05,                               // length 24, ROUTE-REFRESH
        0x00, 0x01, 0x01, 0x01,                         // AFI 1, subtype 1 (BoRR), SAFI 1
        0x00,                                           // one octet too many
    ]), .reset(.malformedRouteRefresh, .routeRefreshMessageError, RouteRefreshErrorSubcode.invalidMessageLength,
               data: .wholeMessage)),

    MalformedInputCase("ROUTE-REFRESH of length 22 → 7/1 with the message as data", malformedMessage([
        0x00, 0x16, 0x05,                               // length 22, ROUTE-REFRESH
        0x00, 0x01, 0x02,                               // AFI 1, subtype 2 (EoRR), SAFI missing
    ]), .reset(.malformedRouteRefresh, .routeRefreshMessageError, RouteRefreshErrorSubcode.invalidMessageLength,
               data: .wholeMessage)),
]

/// A decode failure that ends the session: it carries the NOTIFICATION RFC 4271 §6 prescribes.
///
/// Errors compare by ``code`` only (as swift-asn1's `ASN1Error`): the reason is for people, the
/// code and the NOTIFICATION are for programs and tests.
public struct BGPDecodeError: Error, Sendable {
    /// A stable identifier of the broken rule.
    public var code: Code
    /// The NOTIFICATION to send before closing the connection.
    public var notification: NotificationMessage
    /// Which field, which value, which rule.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ notification: NotificationMessage, _ reason: String) {
        self.code = code
        self.notification = notification
        self.reason = reason
    }

    /// The stable error codes.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case connectionNotSynchronized = "connection_not_synchronized"
        case badMessageLength = "bad_message_length"
        case badMessageType = "bad_message_type"
        case unsupportedVersion = "unsupported_version"
        case badPeerAS = "bad_peer_as"
        case badBGPIdentifier = "bad_bgp_identifier"
        case unsupportedOptionalParameter = "unsupported_optional_parameter"
        case unacceptableHoldTime = "unacceptable_hold_time"
        case malformedOptionalParameters = "malformed_optional_parameters"
        case malformedCapability = "malformed_capability"
        case malformedAttributeList = "malformed_attribute_list"
        case unrecognizedWellKnownAttribute = "unrecognized_well_known_attribute"
        case invalidNetworkField = "invalid_network_field"
        case malformedMultiprotocolAttribute = "malformed_multiprotocol_attribute"
        case malformedNotification = "malformed_notification"
        case malformedRouteRefresh = "malformed_route_refresh"
    }
}

extension BGPDecodeError: Equatable {
    public static func == (lhs: BGPDecodeError, rhs: BGPDecodeError) -> Bool { lhs.code == rhs.code }
}

extension BGPDecodeError: CustomStringConvertible {
    public var description: String { "\(code.rawValue): \(reason) -> \(notification)" }
}

extension BGPDecodeError {
    @inline(never)
    static func header(_ code: Code, subcode: UInt8, data: [UInt8], _ reason: String) -> BGPDecodeError {
        BGPDecodeError(code, NotificationMessage(code: .messageHeaderError, subcode: subcode, data: data), reason)
    }

    @inline(never)
    static func open(_ code: Code, subcode: UInt8, data: [UInt8] = [], _ reason: String) -> BGPDecodeError {
        BGPDecodeError(code, NotificationMessage(code: .openMessageError, subcode: subcode, data: data), reason)
    }

    @inline(never)
    static func update(_ code: Code, subcode: UInt8, data: [UInt8] = [], _ reason: String) -> BGPDecodeError {
        BGPDecodeError(code, NotificationMessage(code: .updateMessageError, subcode: subcode, data: data), reason)
    }
}

/// A NOTIFICATION message (RFC 4271 §4.5): error code, subcode and data; the session closes after it.
///
/// Cease / Administrative Shutdown and Administrative Reset may carry a shutdown communication
/// (RFC 8203, updated by RFC 9003 to 255 octets of UTF-8): see ``shutdownCommunication``.
public struct NotificationMessage: Sendable, Hashable {
    /// The error code (RFC 4271 §4.5).
    public var code: NotificationCode
    /// The error subcode; its meaning depends on the code.
    public var subcode: UInt8
    /// Diagnostic data whose shape depends on code and subcode.
    public var data: [UInt8]

    public init(code: NotificationCode, subcode: UInt8 = 0, data: [UInt8] = []) {
        self.code = code
        self.subcode = subcode
        self.data = data
    }

    /// A Cease NOTIFICATION with an RFC 9003 shutdown communication.
    ///
    /// - Parameters:
    ///   - subcode: ``CeaseSubcode/administrativeShutdown`` or ``CeaseSubcode/administrativeReset``.
    ///   - message: UTF-8 text; cut at a character boundary to 255 octets.
    public static func cease(_ subcode: UInt8, message: String) -> NotificationMessage {
        var utf8 = Array(message.utf8)
        if utf8.count > BGPLimits.maxShutdownCommunicationLength {
            var cut = BGPLimits.maxShutdownCommunicationLength
            // Never split a multi-byte character: back up over continuation bytes (10xxxxxx).
            while cut > 0 && utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
            utf8 = Array(utf8[0 ..< cut])
        }
        return NotificationMessage(code: .cease, subcode: subcode, data: [UInt8(utf8.count)] + utf8)
    }

    /// The shutdown communication of a Cease / Administrative Shutdown or Reset (RFC 9003 §2), if
    /// the data carries a well-formed one; `nil` otherwise (a malformed one is ignored, per §4).
    public var shutdownCommunication: String? {
        guard code == .cease,
              subcode == CeaseSubcode.administrativeShutdown || subcode == CeaseSubcode.administrativeReset,
              let length = data.first, length > 0, data.count >= 1 + Int(length)
        else { return nil }
        return String(validating: data[1 ... Int(length)], as: UTF8.self)
    }

    /// The registered name of the code and subcode, for logs ("Cease/Administrative Shutdown").
    public var meaning: String {
        let name = NotificationNames.subcodeName(code: code, subcode: subcode)
        return name.map { "\(code.name)/\($0)" } ?? "\(code.name)/subcode \(subcode)"
    }
}

extension NotificationMessage: CustomStringConvertible {
    public var description: String {
        var text = "NOTIFICATION \(code.rawValue)/\(subcode) \(meaning)"
        if let message = shutdownCommunication {
            text += " \"\(message)\""
        } else if !data.isEmpty {
            text += " data " + data.prefix(32).map { hexByte($0) }.joined()
            if data.count > 32 { text += "…" }
        }
        return text
    }
}

@usableFromInline
func hexByte(_ byte: UInt8) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

/// NOTIFICATION error codes (RFC 4271 §4.5, RFC 6608, RFC 7313).
public struct NotificationCode: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 1: Message Header Error (RFC 4271 §6.1).
    public static let messageHeaderError = NotificationCode(rawValue: 1)
    /// 2: OPEN Message Error (RFC 4271 §6.2).
    public static let openMessageError = NotificationCode(rawValue: 2)
    /// 3: UPDATE Message Error (RFC 4271 §6.3).
    public static let updateMessageError = NotificationCode(rawValue: 3)
    /// 4: Hold Timer Expired (RFC 4271 §6.5).
    public static let holdTimerExpired = NotificationCode(rawValue: 4)
    /// 5: Finite State Machine Error (RFC 4271 §6.6, RFC 6608).
    public static let finiteStateMachineError = NotificationCode(rawValue: 5)
    /// 6: Cease (RFC 4271 §6.7, RFC 4486).
    public static let cease = NotificationCode(rawValue: 6)
    /// 7: ROUTE-REFRESH Message Error (RFC 7313 §5).
    public static let routeRefreshMessageError = NotificationCode(rawValue: 7)

    /// The registered name.
    public var name: String { NotificationNames.codeName(self) }
}

/// Message Header Error subcodes (RFC 4271 §4.5).
public enum MessageHeaderSubcode {
    public static let connectionNotSynchronized: UInt8 = 1
    public static let badMessageLength: UInt8 = 2
    public static let badMessageType: UInt8 = 3
}

/// OPEN Message Error subcodes (RFC 4271 §4.5, RFC 5492, RFC 9234).
public enum OpenMessageSubcode {
    public static let unspecific: UInt8 = 0
    public static let unsupportedVersionNumber: UInt8 = 1
    public static let badPeerAS: UInt8 = 2
    public static let badBGPIdentifier: UInt8 = 3
    public static let unsupportedOptionalParameter: UInt8 = 4
    public static let unacceptableHoldTime: UInt8 = 6
    public static let unsupportedCapability: UInt8 = 7
    public static let roleMismatch: UInt8 = 11
}

/// UPDATE Message Error subcodes (RFC 4271 §4.5).
public enum UpdateMessageSubcode {
    public static let malformedAttributeList: UInt8 = 1
    public static let unrecognizedWellKnownAttribute: UInt8 = 2
    public static let missingWellKnownAttribute: UInt8 = 3
    public static let attributeFlagsError: UInt8 = 4
    public static let attributeLengthError: UInt8 = 5
    public static let invalidOriginAttribute: UInt8 = 6
    public static let invalidNextHopAttribute: UInt8 = 8
    public static let optionalAttributeError: UInt8 = 9
    public static let invalidNetworkField: UInt8 = 10
    public static let malformedASPath: UInt8 = 11
}

/// Finite State Machine Error subcodes (RFC 6608 §3).
public enum FSMErrorSubcode {
    public static let unspecified: UInt8 = 0
    public static let unexpectedMessageInOpenSent: UInt8 = 1
    public static let unexpectedMessageInOpenConfirm: UInt8 = 2
    public static let unexpectedMessageInEstablished: UInt8 = 3
}

/// Cease subcodes (RFC 4486, RFC 8538, RFC 9384).
public enum CeaseSubcode {
    public static let maximumPrefixesReached: UInt8 = 1
    public static let administrativeShutdown: UInt8 = 2
    public static let peerDeconfigured: UInt8 = 3
    public static let administrativeReset: UInt8 = 4
    public static let connectionRejected: UInt8 = 5
    public static let otherConfigurationChange: UInt8 = 6
    public static let connectionCollisionResolution: UInt8 = 7
    public static let outOfResources: UInt8 = 8
    public static let hardReset: UInt8 = 9
    public static let bfdDown: UInt8 = 10
}

/// ROUTE-REFRESH Message Error subcodes (RFC 7313 §5).
public enum RouteRefreshErrorSubcode {
    public static let invalidMessageLength: UInt8 = 1
}

/// The text of every registered code and subcode, in one table (as BIRD's `bgp_msg_table`).
enum NotificationNames {
    static func codeName(_ code: NotificationCode) -> String {
        switch code.rawValue {
        case 1: "Message Header Error"
        case 2: "OPEN Message Error"
        case 3: "UPDATE Message Error"
        case 4: "Hold Timer Expired"
        case 5: "Finite State Machine Error"
        case 6: "Cease"
        case 7: "ROUTE-REFRESH Message Error"
        default: "Unknown error code \(code.rawValue)"
        }
    }

    static let table: [UInt16: String] = [
        0x0101: "Connection Not Synchronized", 0x0102: "Bad Message Length", 0x0103: "Bad Message Type",
        0x0200: "Unspecific", 0x0201: "Unsupported Version Number", 0x0202: "Bad Peer AS",
        0x0203: "Bad BGP Identifier", 0x0204: "Unsupported Optional Parameter",
        0x0206: "Unacceptable Hold Time", 0x0207: "Unsupported Capability", 0x020B: "Role Mismatch",
        0x0300: "Unspecific", 0x0301: "Malformed Attribute List", 0x0302: "Unrecognized Well-known Attribute",
        0x0303: "Missing Well-known Attribute", 0x0304: "Attribute Flags Error", 0x0305: "Attribute Length Error",
        0x0306: "Invalid ORIGIN Attribute", 0x0308: "Invalid NEXT_HOP Attribute",
        0x0309: "Optional Attribute Error", 0x030A: "Invalid Network Field", 0x030B: "Malformed AS_PATH",
        0x0400: "Unspecific",
        0x0500: "Unspecified Error", 0x0501: "Receive Unexpected Message in OpenSent State",
        0x0502: "Receive Unexpected Message in OpenConfirm State",
        0x0503: "Receive Unexpected Message in Established State",
        0x0600: "Unspecific", 0x0601: "Maximum Number of Prefixes Reached", 0x0602: "Administrative Shutdown",
        0x0603: "Peer De-configured", 0x0604: "Administrative Reset", 0x0605: "Connection Rejected",
        0x0606: "Other Configuration Change", 0x0607: "Connection Collision Resolution",
        0x0608: "Out of Resources", 0x0609: "Hard Reset", 0x060A: "BFD Down",
        0x0700: "Reserved", 0x0701: "Invalid Message Length",
    ]

    static func subcodeName(code: NotificationCode, subcode: UInt8) -> String? {
        table[UInt16(code.rawValue) << 8 | UInt16(subcode)]
    }
}

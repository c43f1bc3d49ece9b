/// Why the text form of an IP address or prefix was refused.
///
/// Thrown by the strict parsers of RFC 791 dotted quads (``IPv4Address/init(parsing:)``),
/// RFC 4291 §2.2 IPv6 text (``IPv6Address/init(parsing:)``) and RFC 4632 / RFC 4291 §2.3
/// prefixes (``IPv4Prefix/init(parsing:maskingHostBits:)``, ``IPv6Prefix/init(parsing:maskingHostBits:)``).
/// Match on ``code``; ``reason`` is for people and names the offending value and the rule.
public struct AddressParseError: Error, Hashable, Sendable {
    /// The rule an address or prefix text broke.
    public enum Code: Hashable, Sendable {
        /// The text is empty.
        case empty
        /// A character that the form does not allow (space, sign, letter, non-ASCII, ...).
        case invalidCharacter
        /// A '.'- or ':'-separated part is empty where a value is required (`1..2.3`, `:1::`, `1:`).
        case emptyPart
        /// The number of parts is wrong: not exactly 4 octets, or not 8 IPv6 groups in total.
        case wrongPartCount
        /// A dotted-quad octet is over 255.
        case octetOutOfRange
        /// A decimal value has a leading zero (`01`), refused because it could be read as octal.
        case leadingZero
        /// An IPv6 group has more than 4 hexadecimal digits (RFC 4291 §2.2).
        case groupTooLong
        /// `::` appears more than once (RFC 4291 §2.2 allows it once).
        case multipleCompressions
        /// An embedded dotted quad is not in the last 32 bits of an IPv6 address (RFC 4291 §2.2 form 3).
        case misplacedIPv4
        /// The text carries a zone identifier (`%eth0`, RFC 6874), which this type cannot hold.
        case zoneIdentifier
        /// A prefix has no `/length` part.
        case missingLength
        /// A prefix length is not a plain decimal number (empty, sign, letters).
        case invalidLength
        /// A prefix length is over 32 (IPv4) or 128 (IPv6).
        case lengthOutOfRange
        /// A prefix address has bits set past its length (pass `maskingHostBits: true` to clear them).
        case hostBitsSet
    }

    /// Which rule was broken.
    public var code: Code
    /// The whole text that was being parsed.
    public var input: String
    /// A sentence for people naming the offending value and the rule, e.g. "octet 256 in '10.0.0.256' is over 255".
    public var reason: String

    /// Creates an error.
    public init(code: Code, input: String, reason: String) {
        self.code = code
        self.input = input
        self.reason = reason
    }
}

extension AddressParseError: CustomStringConvertible {
    /// The ``reason``.
    public var description: String { reason }
}

/// Why the text form of an AS number was refused by ``ASNumber/init(parsing:)`` (RFC 5396 notations).
///
/// Match on ``code``; ``reason`` is for people and names the offending value and the rule.
public struct ASNumberParseError: Error, Hashable, Sendable {
    /// The rule an AS number text broke.
    public enum Code: Hashable, Sendable {
        /// The text is empty.
        case empty
        /// A character other than a digit or `.` (sign, space, letter, non-ASCII, ...).
        case invalidCharacter
        /// More than one `.` (asdot has exactly one, RFC 5396 §1).
        case tooManyDots
        /// One side of the `.` is empty (`1.`, `.5`).
        case emptyHalf
        /// A number has a leading zero (`065001`, `1.010`), refused as ambiguous.
        case leadingZero
        /// An asdot half is over 65535 (each half is 16 bits, RFC 5396 §1).
        case halfOutOfRange
        /// An asplain value is over 4294967295 (RFC 6793: 32 bits).
        case outOfRange
        /// The value is 0, reserved and not usable in configuration (RFC 7607).
        case zero
    }

    /// Which rule was broken.
    public var code: Code
    /// The whole text that was being parsed.
    public var input: String
    /// A sentence for people naming the offending value and the rule,
    /// e.g. "the high half 65536 in '65536.1' is over 65535".
    public var reason: String

    /// Creates an error.
    public init(code: Code, input: String, reason: String) {
        self.code = code
        self.input = input
        self.reason = reason
    }
}

extension ASNumberParseError: CustomStringConvertible {
    /// The ``reason``.
    public var description: String { reason }
}

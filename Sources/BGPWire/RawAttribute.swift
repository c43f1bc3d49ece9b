/// The flags octet of a path attribute (RFC 4271 §4.3).
public struct AttributeFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bit 0: optional (1) or well-known (0).
    public static let optional = AttributeFlags(rawValue: 0x80)
    /// Bit 1: transitive.
    public static let transitive = AttributeFlags(rawValue: 0x40)
    /// Bit 2: partial (an optional transitive attribute passed on by a speaker that did not know it).
    public static let partial = AttributeFlags(rawValue: 0x20)
    /// Bit 3: the length field is two octets.
    public static let extendedLength = AttributeFlags(rawValue: 0x10)

    /// The optional and transitive bits, which RFC 7606 §3 c checks against the type's definition.
    public var category: AttributeFlags { intersection([.optional, .transitive]) }
}

/// An attribute the codec does not interpret, kept so it can be passed on (RFC 4271 §5: unrecognized
/// optional transitive attributes are re-sent with the Partial bit set).
public struct RawAttribute: Sendable, Hashable {
    public var flags: AttributeFlags
    public var type: UInt8
    public var value: [UInt8]

    public init(flags: AttributeFlags, type: UInt8, value: [UInt8]) {
        self.flags = flags
        self.type = type
        self.value = value
    }
}

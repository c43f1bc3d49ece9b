// Special-purpose AS number ranges (RFC 6996 private use, RFC 5398 documentation, RFC 7607, RFC 7300, RFC 6793).

extension ASNumber {
    /// The 2-octet private-use range 64512...65534 (RFC 6996 §5).
    public static let privateTwoOctetRange: ClosedRange<UInt32> = 64512...65534

    /// The 4-octet private-use range 4200000000...4294967294 (RFC 6996 §5).
    public static let privateFourOctetRange: ClosedRange<UInt32> = 4_200_000_000...4_294_967_294

    /// The 2-octet documentation range 64496...64511 (RFC 5398 §4).
    public static let documentationTwoOctetRange: ClosedRange<UInt32> = 64496...64511

    /// The 4-octet documentation range 65536...65551 (RFC 5398 §4).
    public static let documentationFourOctetRange: ClosedRange<UInt32> = 65536...65551

    /// Whether the number is for private use: 64512...65534 or 4200000000...4294967294 (RFC 6996 §5).
    @inlinable
    public var isPrivate: Bool {
        (64512...65534).contains(rawValue) || (4_200_000_000...4_294_967_294).contains(rawValue)
    }

    /// Whether the number is reserved for documentation: 64496...64511 or 65536...65551 (RFC 5398 §4).
    @inlinable
    public var isDocumentation: Bool {
        (64496...64511).contains(rawValue) || (65536...65551).contains(rawValue)
    }

    /// Whether the number is reserved and must not appear as a real peer or origin AS:
    /// 0 (RFC 7607), 23456 AS_TRANS (RFC 6793), 65535 and 4294967295 (RFC 7300), and the
    /// documentation ranges 64496...64511 and 65536...65551 (RFC 5398).
    @inlinable
    public var isReserved: Bool {
        switch rawValue {
        case 0, 23456, 65535, 4_294_967_295: return true
        default: return isDocumentation
        }
    }
}

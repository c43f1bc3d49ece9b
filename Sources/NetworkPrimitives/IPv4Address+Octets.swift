// Octet views of IPv4 addresses (RFC 791 §3.2: network byte order, most significant octet first).

extension IPv4Address {
    /// The four octets in network order (RFC 791 §3.2), most significant first: `10.0.0.1` is `(10, 0, 0, 1)`.
    @inlinable
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (
            UInt8(truncatingIfNeeded: rawValue >> 24),
            UInt8(truncatingIfNeeded: rawValue >> 16),
            UInt8(truncatingIfNeeded: rawValue >> 8),
            UInt8(truncatingIfNeeded: rawValue)
        )
    }

    /// Creates an address from exactly 4 octets in network order (RFC 791 §3.2); `nil` for any other count.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes {
            value = value << 8 | UInt32(byte)
        }
        self.init(rawValue: value)
    }
}

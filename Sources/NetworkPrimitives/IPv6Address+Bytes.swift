// Octet views of IPv6 addresses (RFC 4291 §2: 128 bits, network byte order on the wire).

extension IPv6Address {
    /// Creates an address from exactly 16 octets in network order (RFC 4291 §2), most significant first;
    /// `nil` for any other count.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var position = 0
        for byte in bytes {
            if position < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
            position += 1
        }
        self.init(high: high, low: low)
    }

    /// The 16 octets in network order (RFC 4291 §2), most significant first.
    @inlinable
    public var bytes: [UInt8] {
        var result = [UInt8](repeating: 0, count: 16)
        for position in 0..<8 {
            result[position] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * position))
            result[position + 8] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * position))
        }
        return result
    }
}

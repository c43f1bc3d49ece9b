// Text form of IPv6 prefixes: "address/length" (RFC 4291 §2.3), address printed per RFC 5952.

extension IPv6Prefix {
    /// Parses `ipv6-address/prefix-length` notation such as `2001:db8::/32` (RFC 4291 §2.3).
    ///
    /// The address takes any RFC 4291 §2.2 form (see ``IPv6Address/init(parsing:)``) and the `/length`
    /// is required: decimal 0...128 with no sign and no leading zero except `0` itself. Host bits set past
    /// the length (`2001:db8::1/32`) are refused unless `maskingHostBits` is `true`, which clears them.
    /// - Throws: ``AddressParseError``: `.missingLength`, `.invalidLength`, `.leadingZero`,
    ///   `.lengthOutOfRange`, `.hostBitsSet`, `.emptyPart` (no address), or any IPv6 address code.
    public init(parsing text: String, maskingHostBits: Bool = false) throws(AddressParseError) {
        let result = withUTF8Bytes(text) { bytes in
            IPv6Prefix.parse(bytes, input: text, maskingHostBits: maskingHostBits)
        }
        self = try result.get()
    }

    /// Parses prefix notation strictly (host bits refused, see ``init(parsing:maskingHostBits:)``),
    /// or returns `nil` when the text is not a valid prefix.
    public init?(_ text: String) {
        guard let prefix = try? IPv6Prefix(parsing: text) else { return nil }
        self = prefix
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, input: String, maskingHostBits: Bool
    ) -> Result<IPv6Prefix, AddressParseError> {
        parsePrefixText(
            bytes, input: input, maximumLength: 128, exampleLength: 64, maskingHostBits: maskingHostBits,
            address: { IPv6Address.parseText($0, $1, input: $2) },
            masking: { IPv6Prefix(masking: $0, length: $1) }, network: { $0.address })
    }
}

extension IPv6Prefix: CustomStringConvertible {
    /// The RFC 5952 canonical address, `/`, and the decimal length (RFC 4291 §2.3).
    public var description: String {
        formatASCII(capacity: 56) { buffer in
            var count = 0
            address.write(into: buffer, at: &count)
            buffer[count] = ASCII.slash
            count += 1
            writeDecimal(length, into: buffer, at: &count)
            return count
        }
    }
}

extension IPv6Prefix: LosslessStringConvertible {}

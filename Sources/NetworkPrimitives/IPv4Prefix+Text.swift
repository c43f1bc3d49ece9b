// Text form of IPv4 prefixes: CIDR notation "a.b.c.d/n" (RFC 4632 §3.1).

extension IPv4Prefix {
    /// Parses CIDR notation such as `192.0.2.0/24` (RFC 4632 §3.1).
    ///
    /// The address is a strict dotted quad (see ``IPv4Address/init(parsing:)``) and the `/length` is
    /// required: decimal 0...32 with no sign and no leading zero except `0` itself. Host bits set past
    /// the length (`10.0.0.1/8`) are refused unless `maskingHostBits` is `true`, which clears them.
    /// - Throws: ``AddressParseError``: `.missingLength`, `.invalidLength`, `.leadingZero`,
    ///   `.lengthOutOfRange`, `.hostBitsSet`, `.emptyPart` (no address), or any dotted-quad code.
    public init(parsing text: String, maskingHostBits: Bool = false) throws(AddressParseError) {
        let result = withUTF8Bytes(text) { bytes in
            IPv4Prefix.parse(bytes, input: text, maskingHostBits: maskingHostBits)
        }
        self = try result.get()
    }

    /// Parses CIDR notation strictly (host bits refused, see ``init(parsing:maskingHostBits:)``),
    /// or returns `nil` when the text is not a valid prefix.
    public init?(_ text: String) {
        guard let prefix = try? IPv4Prefix(parsing: text) else { return nil }
        self = prefix
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, input: String, maskingHostBits: Bool
    ) -> Result<IPv4Prefix, AddressParseError> {
        parsePrefixText(
            bytes, input: input, maximumLength: 32, exampleLength: 24, maskingHostBits: maskingHostBits,
            address: { IPv4Address.parseDottedQuad($0, $1, input: $2) },
            masking: { IPv4Prefix(masking: $0, length: $1) }, network: { $0.address })
    }
}

extension IPv4Prefix: CustomStringConvertible {
    /// CIDR notation (RFC 4632 §3.1): the canonical dotted quad, `/`, and the decimal length.
    public var description: String {
        formatASCII(capacity: 20) { buffer in
            var count = 0
            address.write(into: buffer, at: &count)
            buffer[count] = ASCII.slash
            count += 1
            writeDecimal(length, into: buffer, at: &count)
            return count
        }
    }
}

extension IPv4Prefix: LosslessStringConvertible {}

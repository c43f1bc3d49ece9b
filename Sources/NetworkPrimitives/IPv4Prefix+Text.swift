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
        guard !bytes.isEmpty else {
            return .failure(AddressParseError(code: .empty, input: input, reason: "the prefix text is empty"))
        }
        guard let slash = bytes.firstIndex(of: ASCII.slash) else {
            return .failure(AddressParseError(
                code: .missingLength, input: input,
                reason: "'\(input)' has no '/length'; a prefix needs one (e.g. '\(input)/24')"))
        }
        guard slash > 0 else {
            return .failure(AddressParseError(
                code: .emptyPart, input: input, reason: "the address before '/' in '\(input)' is empty"))
        }
        let address: IPv4Address
        switch IPv4Address.parseDottedQuad(bytes, 0..<slash, input: input) {
        case .failure(let error): return .failure(error)
        case .success(let value): address = value
        }
        let length: Int
        switch parsePrefixLength(bytes, (slash + 1)..<bytes.count, maximum: 32, input: input) {
        case .failure(let error): return .failure(error)
        case .success(let value): length = value
        }
        guard let prefix = IPv4Prefix(masking: address, length: length) else {
            preconditionFailure("length \(length) was checked to be 0...32")
        }
        if prefix.address != address && !maskingHostBits {
            return .failure(AddressParseError(
                code: .hostBitsSet, input: input,
                reason: "'\(input)' has host bits set past /\(length); the network is \(prefix)"))
        }
        return .success(prefix)
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

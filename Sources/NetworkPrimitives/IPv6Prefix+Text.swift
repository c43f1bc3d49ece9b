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
        guard !bytes.isEmpty else {
            return .failure(AddressParseError(code: .empty, input: input, reason: "the prefix text is empty"))
        }
        guard let slash = bytes.firstIndex(of: ASCII.slash) else {
            return .failure(AddressParseError(
                code: .missingLength, input: input,
                reason: "'\(input)' has no '/length'; a prefix needs one (e.g. '\(input)/64')"))
        }
        guard slash > 0 else {
            return .failure(AddressParseError(
                code: .emptyPart, input: input, reason: "the address before '/' in '\(input)' is empty"))
        }
        let address: IPv6Address
        switch IPv6Address.parseText(bytes, 0..<slash, input: input) {
        case .failure(let error): return .failure(error)
        case .success(let value): address = value
        }
        let length: Int
        switch parsePrefixLength(bytes, (slash + 1)..<bytes.count, maximum: 128, input: input) {
        case .failure(let error): return .failure(error)
        case .success(let value): length = value
        }
        guard let prefix = IPv6Prefix(masking: address, length: length) else {
            preconditionFailure("length \(length) was checked to be 0...128")
        }
        if prefix.address != address && !maskingHostBits {
            return .failure(AddressParseError(
                code: .hostBitsSet, input: input,
                reason: "'\(input)' has host bits set past /\(length); the network is \(prefix)"))
        }
        return .success(prefix)
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

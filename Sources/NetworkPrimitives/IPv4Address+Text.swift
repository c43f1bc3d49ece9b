// Text form of IPv4 addresses: the strict dotted quad of RFC 791 / RFC 6943 §3.1.1.

extension IPv4Address {
    /// Parses a strict dotted quad such as `192.0.2.1` (RFC 791 notation, RFC 6943 §3.1.1 strict form).
    ///
    /// Exactly four decimal octets 0...255 separated by `.`; no spaces, signs or empty parts, and no
    /// leading zeros (`01` is refused because some parsers read it as octal, RFC 6943 §3.1.1).
    /// - Throws: ``AddressParseError`` with code `.empty`, `.invalidCharacter`, `.emptyPart`,
    ///   `.wrongPartCount`, `.leadingZero` or `.octetOutOfRange`.
    public init(parsing text: String) throws(AddressParseError) {
        let result = withUTF8Bytes(text) { bytes in
            IPv4Address.parseDottedQuad(bytes, 0..<bytes.count, input: text)
        }
        self = try result.get()
    }

    /// Parses a strict dotted quad (see ``init(parsing:)``), or returns `nil` when the text is not one.
    public init?(_ text: String) {
        guard let address = try? IPv4Address(parsing: text) else { return nil }
        self = address
    }

    /// Parses `bytes[range]` as a strict dotted quad; `input` is the whole text, for error reasons.
    static func parseDottedQuad(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, input: String
    ) -> Result<IPv4Address, AddressParseError> {
        guard !range.isEmpty else {
            return .failure(AddressParseError(code: .empty, input: input, reason: "the address text is empty"))
        }
        var dots = 0
        for index in range {
            if bytes[index] == ASCII.dot {
                dots += 1
            } else if !ASCII.isDigit(bytes[index]) {
                return .failure(AddressParseError(
                    code: .invalidCharacter, input: input,
                    reason: "\(ASCII.describe(bytes[index])) at offset \(index) in '\(input)'"
                        + " is not allowed in a dotted quad (only digits and '.')"))
            }
        }
        guard dots == 3 else {
            return .failure(AddressParseError(
                code: .wrongPartCount, input: input,
                reason: "'\(excerpt(bytes, range))' in '\(input)' has \(dots + 1) part\(dots == 0 ? "" : "s");"
                    + " a dotted quad has exactly 4"))
        }
        var value: UInt32 = 0
        var parts = 0
        var index = range.lowerBound
        while true {
            let start = index
            while index < range.upperBound && bytes[index] != ASCII.dot { index += 1 }
            let part = start..<index
            parts += 1
            guard !part.isEmpty else {
                return .failure(AddressParseError(
                    code: .emptyPart, input: input,
                    reason: "octet \(parts) of '\(excerpt(bytes, range))' in '\(input)' is empty"))
            }
            if part.count > 1 && bytes[start] == ASCII.zero {
                return .failure(AddressParseError(
                    code: .leadingZero, input: input,
                    reason: "octet '\(excerpt(bytes, part))' in '\(input)' has a leading zero"
                        + " (refused: it could be read as octal)"))
            }
            var octet: UInt32 = 0
            for digit in part {
                octet = octet * 10 + UInt32(bytes[digit] - ASCII.zero)
                if octet > 255 {
                    return .failure(AddressParseError(
                        code: .octetOutOfRange, input: input,
                        reason: "octet \(excerpt(bytes, part)) in '\(input)' is over 255"))
                }
            }
            value = value << 8 | octet
            if index == range.upperBound { break }
            index += 1  // the '.'
        }
        return .success(IPv4Address(rawValue: value))
    }

    /// Writes the dotted quad into `buffer[index...]` (at most 15 bytes) and advances `index`.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        writeDecimal(UInt8(truncatingIfNeeded: rawValue >> 24), into: buffer, at: &index)
        buffer[index] = ASCII.dot
        index += 1
        writeDecimal(UInt8(truncatingIfNeeded: rawValue >> 16), into: buffer, at: &index)
        buffer[index] = ASCII.dot
        index += 1
        writeDecimal(UInt8(truncatingIfNeeded: rawValue >> 8), into: buffer, at: &index)
        buffer[index] = ASCII.dot
        index += 1
        writeDecimal(UInt8(truncatingIfNeeded: rawValue), into: buffer, at: &index)
    }
}

extension IPv4Address: CustomStringConvertible {
    /// The canonical dotted quad (RFC 791 notation): four decimal octets, no leading zeros.
    public var description: String {
        formatASCII(capacity: 16) { buffer in
            var count = 0
            write(into: buffer, at: &count)
            return count
        }
    }
}

extension IPv4Address: LosslessStringConvertible {}

// Text form of IPv6 addresses: RFC 4291 §2.2 parsing and RFC 5952 canonical formatting.

extension IPv6Address {
    /// Parses any RFC 4291 §2.2 text form of an IPv6 address.
    ///
    /// Accepts the full form (`2001:db8:0:0:1:0:0:1`), one `::` standing for one or more zero
    /// groups (`2001:db8::1`, `::`, `1::`), and a dotted quad in the last 32 bits
    /// (`::ffff:192.0.2.1`, `64:ff9b::198.51.100.7`). Hexadecimal is case-insensitive; each group
    /// has 1 to 4 digits. Zone identifiers (`fe80::1%eth0`, RFC 6874), spaces and brackets are refused.
    /// - Throws: ``AddressParseError`` with code `.empty`, `.invalidCharacter`, `.zoneIdentifier`,
    ///   `.emptyPart`, `.groupTooLong`, `.multipleCompressions`, `.misplacedIPv4`, `.wrongPartCount`,
    ///   or one of the dotted-quad codes for the embedded IPv4 part.
    public init(parsing text: String) throws(AddressParseError) {
        let result = withUTF8Bytes(text) { bytes in
            IPv6Address.parseText(bytes, 0..<bytes.count, input: text)
        }
        self = try result.get()
    }

    /// Parses an RFC 4291 §2.2 text form (see ``init(parsing:)``), or returns `nil` when the text is not one.
    public init?(_ text: String) {
        guard let address = try? IPv6Address(parsing: text) else { return nil }
        self = address
    }

    /// A 128-bit value being assembled 16 bits at a time.
    struct Accumulator {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var groups = 0

        mutating func append(_ group: UInt16) {
            high = high << 16 | low >> 48
            low = low << 16 | UInt64(group)
            groups += 1
        }

        /// The value shifted left by `count` groups (0...8).
        func shifted(byGroups count: Int) -> (high: UInt64, low: UInt64) {
            let bits = count * 16
            if bits == 0 { return (high, low) }
            if bits >= 128 { return (0, 0) }
            if bits >= 64 { return (low << UInt64(bits - 64), 0) }
            return (high << UInt64(bits) | low >> UInt64(64 - bits), low << UInt64(bits))
        }
    }

    /// Parses `bytes[range]` as RFC 4291 §2.2 text; `input` is the whole text, for error reasons.
    static func parseText(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, input: String
    ) -> Result<IPv6Address, AddressParseError> {
        guard !range.isEmpty else {
            return .failure(AddressParseError(code: .empty, input: input, reason: "the address text is empty"))
        }
        for index in range {
            let byte = bytes[index]
            if byte == ASCII.percent {
                return .failure(AddressParseError(
                    code: .zoneIdentifier, input: input,
                    reason: "'\(input)' carries a zone identifier after '%' at offset \(index);"
                        + " zones (RFC 6874) are not part of an address value"))
            }
            if ASCII.hexValue(byte) == nil && byte != ASCII.colon && byte != ASCII.dot {
                return .failure(AddressParseError(
                    code: .invalidCharacter, input: input,
                    reason: "\(ASCII.describe(byte)) at offset \(index) in '\(input)' is not allowed"
                        + " in an IPv6 address (only hex digits, ':' and '.')"))
            }
        }

        // Locate the single "::", if any.
        var compression: Int? = nil
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            guard bytes[index] == ASCII.colon && bytes[index + 1] == ASCII.colon else {
                index += 1
                continue
            }
            if index + 2 < range.upperBound && bytes[index + 2] == ASCII.colon {
                return .failure(AddressParseError(
                    code: .emptyPart, input: input,
                    reason: "':::' at offset \(index) in '\(input)' leaves an empty group"))
            }
            if compression != nil {
                return .failure(AddressParseError(
                    code: .multipleCompressions, input: input,
                    reason: "'\(input)' uses '::' more than once (RFC 4291 §2.2 allows it once)"))
            }
            compression = index
            index += 2
        }

        guard let compression else {
            var all = Accumulator()
            if let error = parseGroups(bytes, range, ipv4Allowed: true, into: &all, input: input) {
                return .failure(error)
            }
            guard all.groups == 8 else {
                return .failure(AddressParseError(
                    code: .wrongPartCount, input: input,
                    reason: "'\(input)' has \(all.groups) group\(all.groups == 1 ? "" : "s");"
                        + " without '::' an IPv6 address has 8"))
            }
            return .success(IPv6Address(high: all.high, low: all.low))
        }

        var head = Accumulator()
        var tail = Accumulator()
        let headRange = range.lowerBound..<compression
        let tailRange = (compression + 2)..<range.upperBound
        if let error = parseGroups(bytes, headRange, ipv4Allowed: false, into: &head, input: input) {
            return .failure(error)
        }
        if let error = parseGroups(bytes, tailRange, ipv4Allowed: true, into: &tail, input: input) {
            return .failure(error)
        }
        let explicit = head.groups + tail.groups
        guard explicit <= 7 else {
            return .failure(AddressParseError(
                code: .wrongPartCount, input: input,
                reason: "'\(input)' has \(explicit) groups besides '::', which must stand for at least one"
                    + " zero group (at most 7 allowed)"))
        }
        let shiftedHead = head.shifted(byGroups: 8 - head.groups)
        return .success(IPv6Address(high: shiftedHead.high | tail.high, low: shiftedHead.low | tail.low))
    }

    /// Parses the ':'-separated groups of `bytes[range]` (an empty range holds no group) into `value`.
    /// A dotted quad is accepted as the final two groups when `ipv4Allowed`.
    private static func parseGroups(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, ipv4Allowed: Bool,
        into value: inout Accumulator, input: String
    ) -> AddressParseError? {
        guard !range.isEmpty else { return nil }
        var index = range.lowerBound
        while true {
            let start = index
            var hasDot = false
            while index < range.upperBound && bytes[index] != ASCII.colon {
                if bytes[index] == ASCII.dot { hasDot = true }
                index += 1
            }
            let group = start..<index
            guard !group.isEmpty else {
                return AddressParseError(
                    code: .emptyPart, input: input,
                    reason: "'\(input)' has an empty group at offset \(start)"
                        + " (a single ':' at the start or end, or between two ':')")
            }
            if hasDot {
                guard ipv4Allowed && index == range.upperBound else {
                    return AddressParseError(
                        code: .misplacedIPv4, input: input,
                        reason: "the dotted quad '\(excerpt(bytes, group))' in '\(input)' is not in the last 32 bits")
                }
                switch IPv4Address.parseDottedQuad(bytes, group, input: input) {
                case .failure(let error):
                    return error
                case .success(let ipv4):
                    value.append(UInt16(truncatingIfNeeded: ipv4.rawValue >> 16))
                    value.append(UInt16(truncatingIfNeeded: ipv4.rawValue))
                }
            } else {
                guard group.count <= 4 else {
                    return AddressParseError(
                        code: .groupTooLong, input: input,
                        reason: "group '\(excerpt(bytes, group))' in '\(input)' has \(group.count) hex digits;"
                            + " the maximum is 4")
                }
                var number: UInt16 = 0
                for digit in group {
                    // Every byte was checked to be a hex digit, ':' or '.' before.
                    number = number << 4 | UInt16(ASCII.hexValue(bytes[digit]) ?? 0)
                }
                value.append(number)
            }
            if value.groups > 8 {
                return AddressParseError(
                    code: .wrongPartCount, input: input,
                    reason: "'\(input)' has more than 8 groups")
            }
            if index == range.upperBound { return nil }
            index += 1  // the ':'
        }
    }

    /// The 16-bit group at `position` (0 is the most significant).
    @inlinable
    func group(_ position: Int) -> UInt16 {
        let half = position < 4 ? high : low
        return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (position & 3)))
    }

    /// Whether the address is IPv4-mapped (`::ffff:0:0/96`, RFC 4291 §2.5.5.2).
    var isIPv4MappedForText: Bool { high == 0 && low >> 32 == 0xFFFF }

    /// Writes the RFC 5952 form into `buffer[index...]` (at most 39 bytes) and advances `index`.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        if isIPv4MappedForText {
            for byte in "::ffff:".utf8 {
                buffer[index] = byte
                index += 1
            }
            IPv4Address(rawValue: UInt32(truncatingIfNeeded: low)).write(into: buffer, at: &index)
            return
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on ties.
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for position in 0..<8 {
            if group(position) == 0 {
                if runStart < 0 { runStart = position }
                let runLength = position - runStart + 1
                if runLength > bestLength {
                    bestStart = runStart
                    bestLength = runLength
                }
            } else {
                runStart = -1
            }
        }
        if bestStart < 0 { bestLength = 0 }
        var position = 0
        while position < 8 {
            if position == bestStart {
                buffer[index] = ASCII.colon
                buffer[index + 1] = ASCII.colon
                index += 2
                position += bestLength
                continue
            }
            if position > 0 && position != bestStart + bestLength {
                buffer[index] = ASCII.colon
                index += 1
            }
            // RFC 5952 §4.1 and §4.3: no leading zeros, lowercase.
            let value = group(position)
            var shift: UInt16 = 12
            while shift > 0 && value >> shift == 0 { shift -= 4 }
            while true {
                buffer[index] = ASCII.hexDigit((value >> shift) & 0xF)
                index += 1
                if shift == 0 { break }
                shift -= 4
            }
            position += 1
        }
    }
}

extension IPv6Address: CustomStringConvertible {
    /// The RFC 5952 canonical text: lowercase hex without leading zeros, the longest run (first on ties)
    /// of two or more zero groups written `::`, and IPv4-mapped addresses as `::ffff:192.0.2.1` (§5).
    public var description: String {
        formatASCII(capacity: 48) { buffer in
            var count = 0
            write(into: buffer, at: &count)
            return count
        }
    }
}

extension IPv6Address: LosslessStringConvertible {}

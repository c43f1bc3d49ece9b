// Text forms of AS numbers: asplain, asdot+ and asdot (RFC 5396).

/// A text notation for AS numbers (RFC 5396 §1).
public enum ASNotation: Hashable, Sendable, CaseIterable {
    /// asplain: the decimal value, e.g. `65546` (RFC 5396 §1; the recommended notation, §2).
    case asplain
    /// asdot: asplain below 65536, asdot+ otherwise, e.g. `65001` and `1.10` (RFC 5396 §1).
    case asdot
    /// asdot+: always `high.low` with 16-bit halves, e.g. `0.65001` and `1.10` (RFC 5396 §1).
    case asdotPlus
}

extension ASNumber {
    /// Parses an AS number written asplain (`65001`, `4200000000`) or asdot+/asdot (`1.10` = 65546,
    /// `0.100` = 100), RFC 5396 §1.
    ///
    /// Configuration values are 1...4294967295: 0 is refused (RFC 7607). Each asdot half is
    /// 0...65535. Only ASCII digits and a single `.` are allowed: no signs, spaces or leading zeros.
    /// - Throws: ``ASNumberParseError`` with code `.empty`, `.invalidCharacter`, `.tooManyDots`,
    ///   `.emptyHalf`, `.leadingZero`, `.halfOutOfRange`, `.outOfRange` or `.zero`.
    public init(parsing text: String) throws(ASNumberParseError) {
        let result = withUTF8Bytes(text) { bytes in ASNumber.parse(bytes, input: text) }
        self = try result.get()
    }

    /// Parses asplain, asdot+ or asdot text (see ``init(parsing:)``), or returns `nil` when it is not valid.
    public init?(_ text: String) {
        guard let number = try? ASNumber(parsing: text) else { return nil }
        self = number
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, input: String
    ) -> Result<ASNumber, ASNumberParseError> {
        guard !bytes.isEmpty else {
            return .failure(ASNumberParseError(code: .empty, input: input, reason: "the AS number text is empty"))
        }
        var dot: Int? = nil
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == ASCII.dot {
                if dot != nil {
                    return .failure(ASNumberParseError(
                        code: .tooManyDots, input: input,
                        reason: "'\(input)' has more than one '.'; asdot is 'high.low'"))
                }
                dot = index
            } else if !ASCII.isDigit(byte) {
                return .failure(ASNumberParseError(
                    code: .invalidCharacter, input: input,
                    reason: "\(ASCII.describe(byte)) at offset \(index) in '\(input)' is not allowed"
                        + " in an AS number (only digits and one '.')"))
            }
        }
        let value: UInt32
        if let dot {
            let highRange = 0..<dot
            let lowRange = (dot + 1)..<bytes.count
            guard !highRange.isEmpty else {
                return .failure(ASNumberParseError(
                    code: .emptyHalf, input: input, reason: "the high half before '.' in '\(input)' is empty"))
            }
            guard !lowRange.isEmpty else {
                return .failure(ASNumberParseError(
                    code: .emptyHalf, input: input, reason: "the low half after '.' in '\(input)' is empty"))
            }
            let high: UInt32
            switch parseDecimal(bytes, highRange, maximum: 0xFFFF, input: input, name: "the high half") {
            case .failure(let error): return .failure(error)
            case .success(let number): high = number
            }
            let low: UInt32
            switch parseDecimal(bytes, lowRange, maximum: 0xFFFF, input: input, name: "the low half") {
            case .failure(let error): return .failure(error)
            case .success(let number): low = number
            }
            value = high << 16 | low
        } else {
            switch parseDecimal(bytes, bytes.indices, maximum: UInt32.max, input: input, name: "the value") {
            case .failure(let error): return .failure(error)
            case .success(let number): value = number
            }
        }
        guard value != 0 else {
            return .failure(ASNumberParseError(
                code: .zero, input: input,
                reason: "'\(input)' is AS 0, which is reserved and cannot be configured (RFC 7607)"))
        }
        return .success(ASNumber(rawValue: value))
    }

    /// Parses the digits at `bytes[range]` (already checked to be digits) up to `maximum`.
    private static func parseDecimal(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maximum: UInt32, input: String, name: String
    ) -> Result<UInt32, ASNumberParseError> {
        if range.count > 1 && bytes[range.lowerBound] == ASCII.zero {
            return .failure(ASNumberParseError(
                code: .leadingZero, input: input,
                reason: "\(name) '\(excerpt(bytes, range))' in '\(input)' has a leading zero"))
        }
        let isHalf = maximum == 0xFFFF
        var value: UInt64 = 0
        for index in range {
            value = value * 10 + UInt64(bytes[index] - ASCII.zero)
            if value > UInt64(maximum) {
                return .failure(ASNumberParseError(
                    code: isHalf ? .halfOutOfRange : .outOfRange, input: input,
                    reason: "\(name) \(excerpt(bytes, range)) in '\(input)' is over \(maximum)"
                        + (isHalf ? " (each asdot half is 16 bits)" : " (AS numbers are 32 bits)")))
            }
        }
        return .success(UInt32(value))
    }
}

extension ASNumber {
    /// The asplain text (RFC 5396 §1): the decimal value, e.g. `65546`.
    public var asplain: String { String(rawValue) }

    /// The asdot+ text (RFC 5396 §1): always `high.low`, e.g. `0.65001` or `1.10`.
    public var asdotPlus: String { String(rawValue >> 16) + "." + String(rawValue & 0xFFFF) }

    /// The asdot text (RFC 5396 §1): asplain below 65536, asdot+ otherwise, e.g. `65001` or `1.10`.
    public var asdot: String { isTwoOctet ? asplain : asdotPlus }

    /// The text in the given RFC 5396 notation.
    public func formatted(_ notation: ASNotation) -> String {
        switch notation {
        case .asplain: return asplain
        case .asdot: return asdot
        case .asdotPlus: return asdotPlus
        }
    }
}

extension ASNumber: CustomStringConvertible {
    /// The asplain text, the notation RFC 5396 §2 recommends.
    public var description: String { asplain }
}

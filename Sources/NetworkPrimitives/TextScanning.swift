// Internal helpers shared by the text parsers and formatters. Text paths only: nothing here is
// used when decoding or comparing addresses and prefixes.

/// ASCII code points used by the parsers.
enum ASCII {
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let slash: UInt8 = 0x2F
    static let percent: UInt8 = 0x25
    static let lowerA: UInt8 = 0x61
    static let lowerF: UInt8 = 0x66
    static let upperA: UInt8 = 0x41
    static let upperF: UInt8 = 0x46

    /// Whether `byte` is `0`...`9`.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    /// The value of a hexadecimal digit (either case), or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case zero...nine: return byte - zero
        case lowerA...lowerF: return byte - lowerA + 10
        case upperA...upperF: return byte - upperA + 10
        default: return nil
        }
    }

    /// The lowercase hexadecimal digit for 0...15.
    @inline(__always)
    static func hexDigit(_ value: UInt16) -> UInt8 {
        value < 10 ? zero + UInt8(value) : lowerA + UInt8(value - 10)
    }

    /// How a byte is named in an error reason: `' '` for printable ASCII, `byte 0xC3` otherwise.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return "'" + String(decoding: CollectionOfOne(byte), as: UTF8.self) + "'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}

/// Calls `body` with the UTF-8 code units of `text` in contiguous memory.
@inline(__always)
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var copy = text
    return copy.withUTF8(body)
}

/// The text of `bytes[range]`, for error reasons.
func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
}

/// Writes `value` in decimal at `buffer[index...]` and advances `index`.
@inline(__always)
func writeDecimal(_ value: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
    if value >= 100 {
        buffer[index] = ASCII.zero + value / 100
        index += 1
    }
    if value >= 10 {
        buffer[index] = ASCII.zero + (value / 10) % 10
        index += 1
    }
    buffer[index] = ASCII.zero + value % 10
    index += 1
}

/// Formats into a stack scratch buffer of `capacity` bytes; `body` returns the count written.
@inline(__always)
func formatASCII(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
        let count = body(buffer)
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
    }
}

/// Parses a prefix length at `bytes[range]`: plain decimal, no sign, no leading zero except "0",
/// at most `maximum` (RFC 4632 §3.1, RFC 4291 §2.3).
func parsePrefixLength(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maximum: Int, input: String
) -> Result<Int, AddressParseError> {
    guard !range.isEmpty else {
        return .failure(AddressParseError(
            code: .invalidLength, input: input,
            reason: "the length after '/' in '\(input)' is empty"))
    }
    for index in range where !ASCII.isDigit(bytes[index]) {
        return .failure(AddressParseError(
            code: .invalidLength, input: input,
            reason: "the length '\(excerpt(bytes, range))' in '\(input)' is not a decimal number"
                + " (\(ASCII.describe(bytes[index])) is not a digit)"))
    }
    if range.count > 1 && bytes[range.lowerBound] == ASCII.zero {
        return .failure(AddressParseError(
            code: .leadingZero, input: input,
            reason: "the length '\(excerpt(bytes, range))' in '\(input)' has a leading zero"))
    }
    var value = 0
    for index in range {
        value = value * 10 + Int(bytes[index] - ASCII.zero)
        if value > maximum {
            return .failure(AddressParseError(
                code: .lengthOutOfRange, input: input,
                reason: "the length \(excerpt(bytes, range)) in '\(input)' is over \(maximum)"))
        }
    }
    return .success(value)
}

/// The shared body of IPv4 and IPv6 prefix parsing: `address/length`, the length decimal
/// 0...`maximumLength`, host bits refused unless `maskingHostBits`.
func parsePrefixText<Address: Equatable, Prefix: CustomStringConvertible>(
    _ bytes: UnsafeBufferPointer<UInt8>, input: String, maximumLength: Int, exampleLength: Int, maskingHostBits: Bool,
    address parseAddress: (UnsafeBufferPointer<UInt8>, Range<Int>, String) -> Result<Address, AddressParseError>,
    masking: (Address, Int) -> Prefix?, network: (Prefix) -> Address
) -> Result<Prefix, AddressParseError> {
    guard !bytes.isEmpty else {
        return .failure(AddressParseError(code: .empty, input: input, reason: "the prefix text is empty"))
    }
    guard let slash = bytes.firstIndex(of: ASCII.slash) else {
        return .failure(AddressParseError(
            code: .missingLength, input: input,
            reason: "'\(input)' has no '/length'; a prefix needs one (e.g. '\(input)/\(exampleLength)')"))
    }
    guard slash > 0 else {
        return .failure(AddressParseError(
            code: .emptyPart, input: input, reason: "the address before '/' in '\(input)' is empty"))
    }
    let address: Address
    switch parseAddress(bytes, 0..<slash, input) {
    case .failure(let error): return .failure(error)
    case .success(let value): address = value
    }
    let length: Int
    switch parsePrefixLength(bytes, (slash + 1)..<bytes.count, maximum: maximumLength, input: input) {
    case .failure(let error): return .failure(error)
    case .success(let value): length = value
    }
    guard let prefix = masking(address, length) else {
        preconditionFailure("length \(length) was checked to be 0...\(maximumLength)")
    }
    if network(prefix) != address && !maskingHostBits {
        return .failure(AddressParseError(
            code: .hostBitsSet, input: input,
            reason: "'\(input)' has host bits set past /\(length); the network is \(prefix)"))
    }
    return .success(prefix)
}

/// A strict RFC 8259 JSON parser that records where every value and key starts.
///
/// What it accepts, and the choices where the RFC leaves room:
///
/// - Any value at the top level (RFC 8259 §2), surrounded by optional whitespace (space, tab,
///   LF, CR). Nothing may follow it (``DocumentIssueCode/trailingContent``).
/// - No comments, trailing commas, single quotes, unquoted keys, `NaN`/`Infinity`, `+1`, `.5`,
///   `1.`, leading zeros (`01`), hexadecimal: each is refused with a message that names it.
/// - Strings: the eight short escapes and `\uXXXX`; a surrogate pair written as two `\u`
///   escapes becomes one scalar; a lone surrogate is ``DocumentIssueCode/invalidEscape``; raw
///   U+0000...U+001F is ``DocumentIssueCode/controlCharacter``; `\u0000` is accepted.
/// - UTF-8 is validated everywhere (overlong forms, encoded surrogates and values over U+10FFFF
///   are ``DocumentIssueCode/invalidUTF8``). A file starting with a UTF-16 or UTF-32 byte order
///   mark is refused the same way.
/// - **Byte order mark:** a UTF-8 BOM (EF BB BF) at the very start is skipped, as RFC 8259 §8.1
///   allows, because editors on Windows add it and it is invisible; it does not count as a
///   column. U+FEFF anywhere else outside a string is a syntax error.
/// - Duplicate keys are refused (``DocumentIssueCode/duplicateKey``, at the second key). Keys are
///   compared after unescaping, as Swift strings: two keys that differ only by Unicode
///   normalization (`é` precomposed or not) look identical to people and count as duplicates.
/// - Limits: ``defaultMaximumDepth`` nested arrays and objects (the parser recurses once per
///   level, so the limit also bounds its stack) and ``defaultMaximumBytes`` bytes.
///
/// The first problem is thrown: JSON syntax cannot be resynchronized reliably. Its path is the
/// value being read (`connections[2].name`) and its location the offending character; an
/// ``DocumentIssueCode/unexpectedEnd`` points at the end of the document and its message names
/// where the unclosed string, array or object started.
public enum JSONParser {
    /// The default nesting limit: 256 arrays and objects, one inside the other.
    public static let defaultMaximumDepth = 256
    /// The default size limit: 16 MiB.
    public static let defaultMaximumBytes = 16 << 20

    /// Parses `bytes` (UTF-8, optionally starting with a UTF-8 BOM) as one JSON document.
    ///
    /// - Parameters:
    ///   - maximumDepth: the deepest nesting of arrays and objects accepted (the top-level array
    ///     or object is depth 1).
    ///   - maximumBytes: the largest document accepted, in bytes (BOM included).
    public static func parse(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth,
        maximumBytes: Int = defaultMaximumBytes
    ) throws(DocumentIssue) -> JSONNode {
        guard bytes.count <= maximumBytes else {
            throw DocumentIssue(
                code: .documentTooLarge, path: JSONPath.root, location: nil,
                message: "the document is \(bytes.count) bytes, over the limit of \(maximumBytes) bytes")
        }
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            throw DocumentIssue(
                code: .invalidUTF8, path: JSONPath.root, location: .start,
                message: "the document starts with a UTF-16 or UTF-32 byte order mark; save it as UTF-8")
        }
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var scanner = JSONScanner(bytes: bytes, start: hasBOM ? 3 : 0, maximumDepth: maximumDepth)
        return try scanner.parseDocument()
    }

    /// Parses `text` as one JSON document (see ``parse(_:maximumDepth:maximumBytes:)-([UInt8],_,_)``);
    /// `maximumBytes` counts its UTF-8 bytes.
    public static func parse(
        _ text: String,
        maximumDepth: Int = defaultMaximumDepth,
        maximumBytes: Int = defaultMaximumBytes
    ) throws(DocumentIssue) -> JSONNode {
        try parse(Array(text.utf8), maximumDepth: maximumDepth, maximumBytes: maximumBytes)
    }
}

/// ASCII code points used by the scanner.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let asterisk = UInt8(ascii: "*")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// Letters, digits, `_` and `$`: the run shown when a bare word is found.
    static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    /// Bytes that, glued to a number, make it a malformed one (`1x`, `1.2.3`, `1-2`, `0x1F`).
    static func isNumberJunk(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == dot || byte == plus || byte == minus
    }

    /// The value of a hexadecimal digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case zero...nine: UInt32(byte - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `U+00E9`-style name of a scalar value.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `0xC3`-style name of a byte.
    static func hex(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" : "") + hex
    }
}

/// The parser's state: a cursor over the bytes, the current line, the nesting depth and the path
/// of the value being read (rendered only when an issue is raised).
private struct JSONScanner {
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    let bytes: [UInt8]
    /// Where the document starts (3 after a BOM).
    let start: Int
    let maximumDepth: Int
    var index: Int
    var depth = 0
    var path: [PathComponent] = []

    /// The current line number and the offset where it starts.
    var line = 1
    var lineStart: Int
    /// A column checkpoint on the current line: `markColumn` is the column of `markOffset`.
    /// Locations are asked for in increasing order, so moving it forward keeps the scan linear.
    var markOffset: Int
    var markColumn = 1

    init(bytes: [UInt8], start: Int, maximumDepth: Int) {
        self.bytes = bytes
        self.start = start
        self.maximumDepth = maximumDepth
        self.index = start
        self.lineStart = start
        self.markOffset = start
    }

    // MARK: Locations and issues

    /// The location of the byte at `offset` (or of the end, for `offset == bytes.count`).
    mutating func location(at offset: Int) -> SourceLocation {
        guard offset >= lineStart else { return Self.location(in: bytes, from: start, at: offset) }
        if offset < markOffset {
            markOffset = lineStart
            markColumn = 1
        }
        var column = markColumn
        var cursor = markOffset
        while cursor < offset {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        markOffset = offset
        markColumn = column
        return SourceLocation(line: line, column: column)
    }

    /// The location of `offset`, counted from the start (only for offsets on an earlier line,
    /// which the parser never reports today; kept so a location is always right).
    static func location(in bytes: [UInt8], from start: Int, at offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        var cursor = start
        while cursor < offset {
            let byte = bytes[cursor]
            cursor += 1
            if byte == Byte.lineFeed || byte == Byte.carriageReturn {
                if byte == Byte.carriageReturn, cursor < offset, bytes[cursor] == Byte.lineFeed { cursor += 1 }
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }

    /// The path of the value being read.
    var currentPath: String {
        var text = JSONPath.root
        for component in path {
            switch component {
            case .key(let key): text = JSONPath.member(key, of: text)
            case .index(let index): text = JSONPath.element(index, of: text)
            }
        }
        return text
    }

    mutating func issue(_ code: DocumentIssueCode, at offset: Int, _ message: String) -> DocumentIssue {
        DocumentIssue(code: code, path: currentPath, location: location(at: offset), message: message)
    }

    /// The issue for finding the byte at `offset` where `expected` should be: the end of the
    /// document, invalid UTF-8, or a syntax error naming what was found (with a hint for
    /// comments, single quotes, bare words and misspelled literals). `context` is appended to
    /// the message.
    mutating func unexpected(at offset: Int, expected: String, context: String = "") -> DocumentIssue {
        let found = describe(at: offset, expectingKey: expected.contains("key"))
        return issue(found.code, at: offset, found.isComment ? found.text : "expected \(expected), found \(found.text)" + context)
    }

    /// What is at `offset`, for a message: the code to raise and a phrase such as `'x'`, `the
    /// end of the document` or `'True'; JSON literals are lowercase: true, false, null`.
    func describe(at offset: Int, expectingKey: Bool) -> (code: DocumentIssueCode, text: String, isComment: Bool) {
        guard offset < bytes.count else { return (.unexpectedEnd, "the end of the document", false) }
        let byte = bytes[offset]
        if byte >= 0x80 {
            guard let length = utf8SequenceLength(at: offset) else {
                return (.invalidUTF8, "invalid UTF-8 (no valid sequence starts at byte \(Byte.hex(byte)))", false)
            }
            let scalar = String(decoding: bytes[offset..<offset + length], as: UTF8.self).unicodeScalars.first!
            let hint = scalar.value == 0xFEFF ? " (a byte order mark is only allowed at the start)" : ""
            let shown = Self.isVisible(scalar) ? "'\(scalar)' (\(Byte.codePoint(scalar.value)))" : Byte.codePoint(scalar.value)
            return (.syntaxError, shown + hint, false)
        }
        if byte == Byte.slash, offset + 1 < bytes.count, bytes[offset + 1] == Byte.slash || bytes[offset + 1] == Byte.asterisk {
            return (.syntaxError, "comments are not allowed in JSON", true)
        }
        if byte == Byte.apostrophe {
            return (.syntaxError, "\"'\"; JSON strings use double quotes", false)
        }
        if Byte.isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") {
            var end = offset
            while end < bytes.count, end - offset < 40, Byte.isWordByte(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[offset..<end], as: UTF8.self)
            var hint = ""
            switch word.lowercased() {
            case "true", "false", "null": hint = "; JSON literals are lowercase: true, false, null"
            case "nan", "infinity": hint = "; JSON has no NaN or Infinity"
            default: if expectingKey { hint = "; object keys must be double-quoted strings" }
            }
            return (.syntaxError, "'\(word)'" + hint, false)
        }
        if byte < Byte.space || byte == 0x7F {
            return (.syntaxError, "the control character \(Byte.codePoint(UInt32(byte)))", false)
        }
        return (.syntaxError, "'\(UnicodeScalar(byte))'", false)
    }

    /// Whether `scalar` can be shown between quotes in a message (not a space, control, format or
    /// unassigned character, which would print as nothing).
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate,
            .unassigned, .nonspacingMark, .enclosingMark:
            return false
        default:
            return true
        }
    }

    /// The length of the valid UTF-8 sequence at `offset` (Unicode Table 3-7: no overlong
    /// forms, no surrogates, nothing over U+10FFFF), or `nil`.
    func utf8SequenceLength(at offset: Int) -> Int? {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else { return nil }
        for continuation in bytes[offset + 2..<offset + length] where continuation & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    // MARK: Structure

    mutating func parseDocument() throws(DocumentIssue) -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else {
            throw issue(.unexpectedEnd, at: index, "the document is empty")
        }
        let node = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            let found = describe(at: index, expectingKey: false)
            throw issue(
                found.code == .syntaxError ? .trailingContent : found.code, at: index,
                found.isComment ? found.text : "unexpected \(found.text) after the top-level value")
        }
        return node
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case Byte.space, Byte.tab:
                index += 1
            case Byte.lineFeed:
                index += 1
                newLine()
            case Byte.carriageReturn:
                index += 1
                if index < bytes.count, bytes[index] == Byte.lineFeed { index += 1 }
                newLine()
            default:
                return
            }
        }
    }

    mutating func newLine() {
        line += 1
        lineStart = index
        markOffset = index
        markColumn = 1
    }

    mutating func parseValue() throws(DocumentIssue) -> JSONNode {
        skipWhitespace()
        let offset = index
        guard offset < bytes.count else { throw unexpected(at: offset, expected: "a value") }
        let location = location(at: offset)
        switch bytes[offset] {
        case Byte.openBrace:
            return JSONNode(.object(try parseObject(location: location)), at: location)
        case Byte.openBracket:
            return JSONNode(.array(try parseArray(location: location)), at: location)
        case Byte.quote:
            return JSONNode(.string(try parseString(location: location)), at: location)
        case Byte.minus, Byte.zero...Byte.nine:
            return JSONNode(.number(try parseNumber()), at: location)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (literal, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
            where matches(literal, at: offset) {
                index += literal.utf8.count
                return JSONNode(value, at: location)
            }
            throw unexpected(at: offset, expected: "a value")
        case Byte.plus, Byte.dot:
            throw invalidNumber(from: offset, "a number starts with '-' or a digit")
        default:
            throw unexpected(at: offset, expected: "a value")
        }
    }

    /// Whether `literal` is at `offset` and not glued to more letters (`truex`).
    func matches(_ literal: String, at offset: Int) -> Bool {
        let end = offset + literal.utf8.count
        guard end <= bytes.count, bytes[offset..<end].elementsEqual(literal.utf8) else { return false }
        return end == bytes.count || !Byte.isWordByte(bytes[end])
    }

    /// Raises the depth for the array or object opening at `offset`.
    mutating func enter(at offset: Int) throws(DocumentIssue) {
        depth += 1
        if depth > maximumDepth {
            throw issue(.nestingTooDeep, at: offset, "arrays and objects are nested more than \(maximumDepth) deep")
        }
    }

    mutating func parseObject(location: SourceLocation) throws(DocumentIssue) -> JSONObject {
        try enter(at: index)
        index += 1
        var members: [JSONObject.Member] = []
        var offsets: [String: Int] = [:]
        let unclosed = " (the object at \(location) is not closed)"
        skipWhitespace()
        if index < bytes.count, bytes[index] == Byte.closeBrace {
            index += 1
            depth -= 1
            return JSONObject(members: members, offsets: offsets)
        }
        var commaOffset: Int?
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == Byte.quote else {
                if let commaOffset, index < bytes.count, bytes[index] == Byte.closeBrace {
                    throw issue(.syntaxError, at: commaOffset, "trailing comma before '}'")
                }
                throw unexpected(at: index, expected: "a double-quoted key", context: index < bytes.count ? "" : unclosed)
            }
            let keyLocation = self.location(at: index)
            let key = try parseString(location: keyLocation)
            if let first = offsets[key] {
                path.append(.key(key))
                throw DocumentIssue(
                    code: .duplicateKey, path: currentPath, location: keyLocation,
                    message: "duplicate key '\(Echo.clip(key))'; first defined at \(members[first].keyLocation)")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == Byte.colon else {
                throw unexpected(
                    at: index, expected: "':' after the key '\(Echo.clip(key))'",
                    context: index < bytes.count ? "" : unclosed)
            }
            index += 1
            path.append(.key(key))
            skipWhitespace()
            guard index < bytes.count else { throw unexpected(at: index, expected: "a value", context: unclosed) }
            let value = try parseValue()
            path.removeLast()
            offsets[key] = members.count
            members.append((key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            guard index < bytes.count else {
                throw unexpected(at: index, expected: "',' or '}'", context: unclosed)
            }
            switch bytes[index] {
            case Byte.comma:
                commaOffset = index
                index += 1
            case Byte.closeBrace:
                index += 1
                depth -= 1
                return JSONObject(members: members, offsets: offsets)
            case Byte.quote:
                throw issue(.syntaxError, at: index, "expected ',' or '}' after the member '\(Echo.clip(key))', found '\"'; is a ',' missing?")
            default:
                throw unexpected(at: index, expected: "',' or '}' after the member '\(Echo.clip(key))'")
            }
        }
    }

    mutating func parseArray(location: SourceLocation) throws(DocumentIssue) -> [JSONNode] {
        try enter(at: index)
        index += 1
        var elements: [JSONNode] = []
        let unclosed = " (the array at \(location) is not closed)"
        skipWhitespace()
        if index < bytes.count, bytes[index] == Byte.closeBracket {
            index += 1
            depth -= 1
            return elements
        }
        var commaOffset: Int?
        while true {
            skipWhitespace()
            if let commaOffset, index < bytes.count, bytes[index] == Byte.closeBracket {
                throw issue(.syntaxError, at: commaOffset, "trailing comma before ']'")
            }
            guard index < bytes.count else { throw unexpected(at: index, expected: "a value", context: unclosed) }
            path.append(.index(elements.count))
            elements.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else {
                throw unexpected(at: index, expected: "',' or ']'", context: unclosed)
            }
            switch bytes[index] {
            case Byte.comma:
                commaOffset = index
                index += 1
            case Byte.closeBracket:
                index += 1
                depth -= 1
                return elements
            case Byte.quote, Byte.openBrace, Byte.openBracket, Byte.minus, Byte.zero...Byte.nine:
                let found = String(UnicodeScalar(bytes[index]))
                throw issue(.syntaxError, at: index, "expected ',' or ']' after an element, found '\(found)'; is a ',' missing?")
            default:
                throw unexpected(at: index, expected: "',' or ']' after an element")
            }
        }
    }

    // MARK: Strings

    /// Reads the string whose opening quote is at `index` and starts at `location`.
    mutating func parseString(location: SourceLocation) throws(DocumentIssue) -> String {
        index += 1
        var unescaped: [UInt8] = []
        var runStart = index
        var hasEscapes = false
        while true {
            guard index < bytes.count else {
                throw issue(.unexpectedEnd, at: index, "the string at \(location) is not terminated")
            }
            let byte = bytes[index]
            switch byte {
            case Byte.quote:
                let result: String
                if hasEscapes {
                    unescaped.append(contentsOf: bytes[runStart..<index])
                    result = String(decoding: unescaped, as: UTF8.self)
                } else {
                    result = String(decoding: bytes[runStart..<index], as: UTF8.self)
                }
                index += 1
                return result
            case Byte.backslash:
                unescaped.append(contentsOf: bytes[runStart..<index])
                hasEscapes = true
                try parseEscape(into: &unescaped)
                runStart = index
            case 0x00..<Byte.space:
                throw issue(.controlCharacter, at: index, Self.controlCharacterMessage(byte))
            case 0x20..<0x80:
                index += 1
            default:
                guard let length = utf8SequenceLength(at: index) else {
                    throw issue(.invalidUTF8, at: index, "invalid UTF-8 in a string (no valid sequence starts at byte \(Byte.hex(byte)))")
                }
                index += length
            }
        }
    }

    static func controlCharacterMessage(_ byte: UInt8) -> String {
        let escape: String
        switch byte {
        case Byte.lineFeed: escape = "line feed; write it as \\n (strings cannot span lines)"
        case Byte.carriageReturn: escape = "carriage return; write it as \\r (strings cannot span lines)"
        case Byte.tab: escape = "tab; write it as \\t"
        default: escape = "write it as \\u00" + String(Byte.hex(byte).dropFirst(2))
        }
        return "raw control character \(Byte.codePoint(UInt32(byte))) in a string (\(escape))"
    }

    /// Reads the escape whose backslash is at `index` and appends its UTF-8 to `output`.
    mutating func parseEscape(into output: inout [UInt8]) throws(DocumentIssue) {
        let backslash = index
        guard index + 1 < bytes.count else {
            throw issue(.unexpectedEnd, at: bytes.count, "the document ends inside an escape")
        }
        let letter = bytes[index + 1]
        index += 2
        let simple: UInt8?
        switch letter {
        case Byte.quote, Byte.backslash, Byte.slash: simple = letter
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = Byte.lineFeed
        case UInt8(ascii: "r"): simple = Byte.carriageReturn
        case UInt8(ascii: "t"): simple = Byte.tab
        case UInt8(ascii: "u"): simple = nil
        default:
            let shown: String
            if letter >= 0x21 && letter < 0x7F {
                shown = "'\\" + String(UnicodeScalar(letter)) + "'"
            } else {
                shown = "'\\' followed by byte \(Byte.hex(letter))"
            }
            throw issue(
                .invalidEscape, at: backslash,
                "invalid escape \(shown); the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
        if let simple {
            output.append(simple)
            return
        }
        let first = try parseHex4(backslash: backslash)
        let scalarValue: UInt32
        switch first {
        case 0xD800...0xDBFF:
            let lowBackslash = index
            guard index + 1 < bytes.count, bytes[index] == Byte.backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                throw issue(
                    .invalidEscape, at: backslash,
                    "lone high surrogate \\u\(Self.hex4(first)); it must be followed by a low surrogate \\uDC00...\\uDFFF")
            }
            index += 2
            let second = try parseHex4(backslash: lowBackslash)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw issue(
                    .invalidEscape, at: backslash,
                    "lone high surrogate \\u\(Self.hex4(first)); it is followed by \\u\(Self.hex4(second)), not a low surrogate \\uDC00...\\uDFFF")
            }
            scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            throw issue(
                .invalidEscape, at: backslash,
                "lone low surrogate \\u\(Self.hex4(first)); it must follow a high surrogate \\uD800...\\uDBFF")
        default:
            scalarValue = first
        }
        output.append(contentsOf: String(UnicodeScalar(scalarValue)!).utf8)
    }

    /// Reads the four hexadecimal digits after `\u` (the `\` is at `backslash`).
    mutating func parseHex4(backslash: Int) throws(DocumentIssue) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else {
                throw issue(.unexpectedEnd, at: bytes.count, "the document ends inside a \\u escape")
            }
            guard let digit = Byte.hexValue(bytes[index]) else {
                throw issue(.invalidEscape, at: backslash, "\\u must be followed by four hexadecimal digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: Numbers

    /// Reads the number at `index` (a `-` or a digit).
    mutating func parseNumber() throws(DocumentIssue) -> JSONNumber {
        let start = index
        if bytes[index] == Byte.minus { index += 1 }
        try requireDigit(from: start, after: "'-'")
        if bytes[index] == Byte.zero {
            index += 1
            if index < bytes.count, Byte.isDigit(bytes[index]) {
                throw invalidNumber(from: start, "numbers must not have leading zeros")
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == Byte.dot {
            index += 1
            try requireDigit(from: start, after: "'.'")
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == Byte.plus || bytes[index] == Byte.minus { index += 1 }
            try requireDigit(from: start, after: "the exponent")
            skipDigits()
        }
        if index < bytes.count, Byte.isNumberJunk(bytes[index]) {
            throw invalidNumber(from: start, nil)
        }
        return JSONNumber(validatedText: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func skipDigits() {
        while index < bytes.count, Byte.isDigit(bytes[index]) { index += 1 }
    }

    /// Requires a digit at `index` in the number starting at `start`.
    mutating func requireDigit(from start: Int, after what: String) throws(DocumentIssue) {
        guard index < bytes.count else {
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            throw issue(.unexpectedEnd, at: index, "the document ends inside the number '\(Echo.clip(text))'")
        }
        guard Byte.isDigit(bytes[index]) else {
            throw invalidNumber(from: start, "expected a digit after \(what)")
        }
    }

    /// An ``DocumentIssueCode/invalidNumber`` at the start of the number, quoting its text (the
    /// run of number-like bytes from `start`, at most 40).
    mutating func invalidNumber(from start: Int, _ reason: String?) -> DocumentIssue {
        var end = start + 1
        while end < bytes.count, end - start < 40, Byte.isNumberJunk(bytes[end]) { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return issue(.invalidNumber, at: start, "'\(Echo.clip(text))' is not a valid JSON number" + (reason.map { ": " + $0 } ?? ""))
    }
}

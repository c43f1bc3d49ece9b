/// A JSON value built for output (`--json`): members keep the order they are given in, so the text
/// is stable byte for byte for the same value.
public indirect enum JSONOutput: Sendable, Hashable {
    case object([(key: String, value: JSONOutput)])
    case array([JSONOutput])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    /// The version of every `--json` shape, the command line's and the control socket's (README,
    /// "JSON output"): bumped when a field changes meaning or goes away, not when one is added. 2: tunnel
    /// states as codes (`ipsec` up|down with `peer_silent`, `reason` and BGP states snake_case).
    public static let schemaVersion = 2

    /// A string, or `null` when `value` is `nil`.
    public static func optional(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }

    /// The text: two-space indentation, one member or element per line, a final newline omitted.
    public func rendered(pretty: Bool = true) -> String {
        var writer = JSONStreamWriter(pretty: pretty)
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether this is a number, string, boolean or null (arrays of these stay on one line).
    var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    public static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        JSONStreamWriter.appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (a: JSONOutput, b: JSONOutput) -> Bool { a.rendered(pretty: false) == b.rendered(pretty: false) }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered(pretty: false)) }
}

/// Writes JSON text piece by piece in exactly the layout of ``JSONOutput/rendered(pretty:)``, so that
/// an output too large to build as one ``JSONOutput`` (hundreds of thousands of issues) is written
/// as it goes: the bytes are handed to `flush` whenever they pass 64 KiB.
public struct JSONStreamWriter {
    /// The bytes written and not yet flushed.
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private let flush: (([UInt8]) -> Void)?
    private struct Container { var isObject: Bool; var scalars: Bool; var count: Int }
    private var stack: [Container] = []
    private var afterKey = false
    private static let flushThreshold = 1 << 16

    /// A writer; `flush` receives the text in pieces (without it, everything stays in ``bytes``).
    public init(pretty: Bool = true, flush: (([UInt8]) -> Void)? = nil) {
        self.pretty = pretty
        self.flush = flush
    }

    /// Hands the remaining bytes to `flush`.
    public mutating func finish() {
        guard let flush, !bytes.isEmpty else { return }
        flush(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func flushIfFull() {
        if flush != nil && bytes.count >= Self.flushThreshold { finish() }
    }

    private mutating func newline(_ level: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        guard let top = stack.last, !top.isObject else { return }
        if top.count > 0 {
            bytes.append(UInt8(ascii: ","))
            if top.scalars && pretty { bytes.append(UInt8(ascii: " ")) }
        }
        if !top.scalars { newline(stack.count) }
        stack[stack.count - 1].count += 1
    }

    /// Opens an object (a member's value after ``key(_:)``, an array element, or the top value).
    public mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        stack.append(Container(isObject: true, scalars: false, count: 0))
    }

    /// The next member's key in the open object; its value follows.
    public mutating func key(_ key: String) {
        let top = stack[stack.count - 1]
        precondition(top.isObject, "a key outside an object")
        if top.count > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(stack.count)
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        stack[stack.count - 1].count += 1
        afterKey = true
    }

    /// Closes the open object.
    public mutating func endObject() {
        let top = stack.removeLast()
        if top.count > 0 { newline(stack.count) }
        bytes.append(UInt8(ascii: "}"))
        flushIfFull()
    }

    /// Opens an array; `scalars`: its elements are all scalars (written on one line).
    public mutating func beginArray(scalars: Bool) {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        stack.append(Container(isObject: false, scalars: scalars, count: 0))
    }

    /// Closes the open array.
    public mutating func endArray() {
        let top = stack.removeLast()
        if top.count > 0 && !top.scalars { newline(stack.count) }
        bytes.append(UInt8(ascii: "]"))
        flushIfFull()
    }

    /// Writes a whole value (a member's value after ``key(_:)``, an array element, or the top value).
    public mutating func write(_ value: JSONOutput) {
        switch value {
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                write(member.value)
            }
            endObject()
        case .array(let elements):
            beginArray(scalars: elements.allSatisfy(\.isScalar))
            for element in elements { write(element) }
            endArray()
        case .string(let string):
            beforeValue()
            Self.appendQuoted(string, to: &bytes)
        case .int(let value):
            beforeValue()
            bytes.append(contentsOf: String(value).utf8)
        case .bool(let value):
            beforeValue()
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            beforeValue()
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// Appends `string` as a JSON string literal (RFC 8259 §7): quote, backslash and control
    /// characters escaped, everything else as its UTF-8 bytes.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied in one piece (a `validate --json` of 800,000 issues
        // writes 240 MB of them).
        let copied = string.utf8.withContiguousStorageIfAvailable { octets -> Bool in
            guard !octets.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: octets)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

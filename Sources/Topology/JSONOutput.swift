/// A JSON value built for output (`--json`): members keep the order they are given in, so the text
/// is stable byte for byte for the same value.
public indirect enum JSONOutput: Sendable, Hashable {
    case object([(key: String, value: JSONOutput)])
    case array([JSONOutput])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    /// A string, or `null` when `value` is `nil`.
    public static func optional(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }

    /// The text: two-space indentation, one member or element per line, a final newline omitted.
    public func rendered(pretty: Bool = true) -> String {
        var text = ""
        write(to: &text, indent: pretty ? 0 : nil)
        return text
    }

    private func write(to text: inout String, indent: Int?) {
        func newline(_ level: Int?) {
            guard let level else { return }
            text += "\n" + String(repeating: "  ", count: level)
        }
        switch self {
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { text += "," }
                newline(indent.map { $0 + 1 })
                text += JSONOutput.quoted(member.key)
                text += indent == nil ? ":" : ": "
                member.value.write(to: &text, indent: indent.map { $0 + 1 })
            }
            newline(indent)
            text += "}"
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            // Arrays of scalars stay on one line.
            let scalars = elements.allSatisfy {
                switch $0 {
                case .object, .array: false
                default: true
                }
            }
            text += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { text += scalars && indent != nil ? ", " : "," }
                if !scalars { newline(indent.map { $0 + 1 }) }
                element.write(to: &text, indent: indent.map { $0 + 1 })
            }
            if !scalars { newline(indent) }
            text += "]"
        case .string(let string):
            text += JSONOutput.quoted(string)
        case .int(let value):
            text += String(value)
        case .bool(let value):
            text += value ? "true" : "false"
        case .null:
            text += "null"
        }
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    public static func quoted(_ string: String) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    public static func == (a: JSONOutput, b: JSONOutput) -> Bool { a.rendered(pretty: false) == b.rendered(pretty: false) }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered(pretty: false)) }
}

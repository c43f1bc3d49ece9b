/// Builds the JSON paths that ``DocumentIssue/path`` carries.
///
/// A path is a plain `String` so that issues stay easy to print, compare and match in tests. The
/// root is the empty string; members are joined with `.` and elements are written `[index]`:
/// `""`, `connections`, `connections[2]`, `connections[2].tunnel_bgp_config.local_asn`.
/// A key that is not made only of ASCII letters, digits, `_` and `-` is written as a quoted,
/// escaped JSON string in brackets: `routes["10.0.0.0/8"]`, `["a b"]`.
public enum JSONPath {
    /// The path of the whole document: the empty string.
    public static let root = ""

    /// The path of member `key` of the object at `parent`.
    /// A key longer than ``Echo/maximumLength`` characters is clipped (`…`), so that an issue never
    /// echoes a huge key in full.
    public static func member(_ key: String, of parent: String) -> String {
        let key = key.utf8.count > Echo.maximumLength ? Echo.clip(key) : key
        if isPlainKey(key) {
            return parent.isEmpty ? key : parent + "." + key
        }
        return parent + "[" + quoted(key) + "]"
    }

    /// The path of element `index` of the array at `parent`.
    public static func element(_ index: Int, of parent: String) -> String {
        parent + "[" + String(index) + "]"
    }

    /// Whether `key` can be written after a `.` without quoting.
    static func isPlainKey(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

// Character-level checks shared by the validators (standard library only: no Foundation).

/// Character classes and text checks used by the configuration rules.
enum TextRules {
    /// The PSK's special characters, as listed by the seed (Japanese page) and reference §10.9:
    /// `` ~`!@#$%^&*()_-+={}[]\|;:',.<>/? ``. The backslash is taken literally (§10.9 is a
    /// code span, where `\` is not an escape); `"` is not in the list.
    static let pskSpecials: Set<Unicode.Scalar> = Set("~`!@#$%^&*()_-+={}[]\\|;:',.<>/?".unicodeScalars)

    /// Whether `scalar` is an ASCII letter or digit.
    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    /// Whether `scalar` is white space (ASCII space, tab, newlines, and Unicode spaces).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// Whether `text` is empty or only white space.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isSpace)
    }

    /// A readable name for a character in messages: `' ' (space)`, `'"'`, `'中' (U+4E2D)`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x20: return "' ' (space)"
        case 0x09: return "tab"
        case 0x0A: return "line feed"
        case 0x0D: return "carriage return"
        case 0x21...0x7E: return "'" + String(Character(scalar)) + "'"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F {
                return "U+" + padded
            }
            return "'" + String(Character(scalar)) + "' (U+" + padded + ")"
        }
    }

    /// The first scalar for which `isAllowed` is false, with its 0-based scalar offset.
    static func firstDisallowed(
        in text: String, where isAllowed: (Unicode.Scalar) -> Bool
    ) -> (offset: Int, scalar: Unicode.Scalar)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where !isAllowed(scalar) {
            return (offset, scalar)
        }
        return nil
    }

    /// Whether `text` is an FQDN in the sense of RFC 1123 §2.1 host names: dot-separated labels of
    /// 1–63 ASCII letters, digits, `-` (not at either end of a label) or `_` (seen in vendor
    /// identities), at most 253 characters, one trailing dot allowed. All-numeric dotted text
    /// is not an FQDN (it must then be a valid IPv4 address).
    static func isFQDN(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        guard !body.isEmpty, body.utf8.count <= 253 else { return false }
        var allNumeric = true
        for label in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count) else { return false }
            guard label.first != "-", label.last != "-" else { return false }
            for scalar in label.unicodeScalars {
                guard isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_" else { return false }
                if !("0"..."9").contains(scalar) { allNumeric = false }
            }
        }
        return !allNumeric
    }
}

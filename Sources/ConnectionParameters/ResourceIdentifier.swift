// The spelling rule of resource IDs (`vco-…`, `cgw-…`, `tr-…`, `vtb-…`, `tr-attach-…`, `cen-…`) and
// of the names the emulator writes into generated configurations.

/// The rule every resource ID of a topology follows: 1 to 128 characters, an ASCII letter first,
/// then ASCII letters, digits, `-` and `_`.
///
/// The vendor's IDs are a lowercase type prefix, `-`, and lowercase letters and digits
/// (`vco-bp15oes1py4i66rmd****` in CreateVpnAttachment's response, API S5; `cgw-…` in
/// CreateCustomerGateway, S20; `tr-…`, `vtb-…`, `tr-attach-…` in the CEN API, S27). The rule is
/// wider (capitals and `_` too, so that hand-written topologies read well) and as wide as the
/// vendor's rule for attachment names (`TransitRouterAttachmentName`: starts with a letter,
/// `[A-Za-z0-9_-]`, at most 128; S27). It excludes everything a configuration file or a command
/// line gives a meaning to: white space, line breaks, `.`, `/`, quotes, braces, `#`, `!`, `=`.
public enum ResourceIdentifier {
    /// The longest ID, 128 characters (S27's name limit).
    public static let maximumLength = 128

    /// The rule in words, for messages and the README.
    public static let rule = "1 to 128 characters: an ASCII letter, then ASCII letters, digits, '-' or '_'"

    /// Whether `scalar` may appear in an ID after the first character.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        TextRules.isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_"
    }

    /// Whether `text` follows the rule.
    public static func isValid(_ text: String) -> Bool {
        problem(text) == nil
    }

    /// Why `text` breaks the rule (a phrase naming the offending character and its position), or `nil`.
    public static func problem(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.first else { return "it is empty" }
        guard scalars.count <= maximumLength else { return "it has \(scalars.count) characters, more than \(maximumLength)" }
        if !(TextRules.isASCIIAlphanumeric(first) && !("0"..."9").contains(first)) {
            return "it starts with \(TextRules.describe(first)), not an ASCII letter"
        }
        if let bad = TextRules.firstDisallowed(in: text, where: isAllowed) {
            return "\(TextRules.describe(bad.scalar)) at position \(bad.offset + 1) is not allowed"
        }
        return nil
    }

    /// Checks one ID: `id_missing` when empty, `id_invalid` when it breaks the rule.
    /// - Parameters:
    ///   - text: the ID.
    ///   - what: what it identifies, for the message ("a connection", "a customer gateway").
    ///   - field: the issue's field.
    public static func validate(_ text: String, identifying what: String, at field: String) -> ValidationIssue? {
        if text.isEmpty {
            return ValidationIssue(code: .idMissing, field: field, value: text, message: "\(what) needs an ID")
        }
        guard let problem = problem(text) else { return nil }
        return ValidationIssue(
            code: .idInvalid, field: field, value: text,
            message: "not an ID: \(problem) (an ID has \(rule))")
    }
}

/// The rule for names the emulator echoes and writes into comments (`vpn_attachment_name`, a data
/// center's `name`): no control characters (line breaks, tabs, U+0000–U+001F, U+007F–U+009F).
public enum DisplayName {
    /// The first control character of `text` and its 0-based position, or `nil`.
    public static func firstControlCharacter(in text: String) -> (offset: Int, description: String)? {
        TextRules.firstDisallowed(in: text, where: { !isControl($0) }).map { ($0.offset, TextRules.describe($0.scalar)) }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

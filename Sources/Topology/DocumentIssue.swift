/// The stable code of a ``DocumentIssue``: match on it, show its raw value, never parse messages.
///
/// The first group is raised by ``JSONParser`` (the text is not JSON we accept); the second by
/// ``JSONReader`` (the JSON does not fit the schema).
public enum DocumentIssueCode: String, Hashable, Sendable, CaseIterable {
    // MARK: Parser

    /// The text breaks the JSON grammar: an unexpected character, a missing `,` or `:`, a trailing
    /// comma, a comment, a single-quoted string, an unquoted key, a misspelled literal (`True`).
    case syntaxError = "syntax_error"
    /// The text ends inside a value: empty input, unterminated string, array or object.
    case unexpectedEnd = "unexpected_end"
    /// A string holds an unknown escape (`\x`), a malformed `\u` escape or a lone surrogate.
    case invalidEscape = "invalid_escape"
    /// A string holds a raw control character (U+0000...U+001F); write it escaped.
    case controlCharacter = "control_character"
    /// A number breaks the JSON number grammar: leading zero, `1.`, `.5`, `1e`, `+1`, `-`.
    case invalidNumber = "invalid_number"
    /// The bytes are not valid UTF-8 (or the file is UTF-16/UTF-32).
    case invalidUTF8 = "invalid_utf8"
    /// An object has the same key twice.
    case duplicateKey = "duplicate_key"
    /// Something follows the top-level value.
    case trailingContent = "trailing_content"
    /// Arrays and objects are nested deeper than the parser's limit.
    case nestingTooDeep = "nesting_too_deep"
    /// The document is larger than the parser's size limit.
    case documentTooLarge = "document_too_large"

    // MARK: Reader

    /// A required field is absent (reported at the enclosing object).
    case missingField = "missing_field"
    /// A field the schema does not know (reported at its key).
    case unknownField = "unknown_field"
    /// A value has the wrong JSON type, e.g. a number where a string is expected, or a number
    /// with a fraction or exponent where an integer is expected.
    case wrongType = "wrong_type"
    /// A value has the right type but is not acceptable (bad prefix text, unknown enum name...).
    case invalidValue = "invalid_value"
    /// A number is outside the range the field allows.
    case outOfRange = "out_of_range"

    // MARK: Warnings (the document loads)

    /// A real Terraform field with no effect on routing (`tags`, `tunnel_bandwidth`,
    /// `vpn_connection_name`): accepted and ignored, with a note.
    case ignoredField = "ignored_field"
    /// A data center announces the same prefix twice in one list: the second one is ignored.
    case duplicateAnnouncement = "duplicate_announcement"

    /// Whether an issue with this code still lets the document load.
    public var isWarning: Bool { self == .ignoredField || self == .duplicateAnnouncement }
}

/// One problem in a topology document: what (``code``), where (``path`` and ``location``) and a
/// sentence for people (``message``).
///
/// Printed as `3:17 connections[0].name: wrong_type: expected a string, found a number`. The
/// location is left out when there is none (the size limit), and the path when it is the root.
public struct DocumentIssue: Error, Hashable, Sendable {
    /// The stable code.
    public var code: DocumentIssueCode
    /// The JSON path of the offending value (see ``JSONPath``); empty for the root.
    public var path: String
    /// Where in the file, when known.
    public var location: SourceLocation?
    /// A sentence for people naming the offending value and the rule.
    public var message: String

    /// Creates an issue.
    public init(code: DocumentIssueCode, path: String, location: SourceLocation?, message: String) {
        self.code = code
        self.path = path
        self.location = location
        self.message = message
    }
}

extension DocumentIssue: CustomStringConvertible {
    /// `line:column path: code: message`, e.g. `3:17 connections[0].name: wrong_type: expected a
    /// string, found a number`.
    public var description: String {
        var text = ""
        if let location { text += location.description + " " }
        if !path.isEmpty { text += path + ": " }
        return text + code.rawValue + ": " + message
    }
}

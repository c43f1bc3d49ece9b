// The JSON layer of topology files: a strict RFC 8259 parser that keeps the line:column of every
// value and key, and refuses bad input with a stable code at the offending character.

import Testing
@testable import Topology

/// Parses `text`, failing the test on an issue.
private func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> JSONNode? {
    do {
        return try JSONParser.parse(text)
    } catch {
        Issue.record("unexpected issue: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The issue `bytes` is refused with, or `nil` if they parse.
private func refusal(_ bytes: [UInt8], maximumDepth: Int = JSONParser.defaultMaximumDepth) -> DocumentIssue? {
    do {
        _ = try JSONParser.parse(bytes, maximumDepth: maximumDepth)
        return nil
    } catch {
        return error
    }
}

private func loc(_ line: Int, _ column: Int) -> Topology.SourceLocation {
    Topology.SourceLocation(line: line, column: column)
}

/// One input the parser must refuse, with the code and location it must report.
struct InvalidInput: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let code: DocumentIssueCode
    let line: Int
    let column: Int

    init(_ name: String, _ text: String, _ code: DocumentIssueCode, _ line: Int, _ column: Int) {
        self.init(name, bytes: Array(text.utf8), code, line, column)
    }

    init(_ name: String, bytes: [UInt8], _ code: DocumentIssueCode, _ line: Int, _ column: Int) {
        self.name = name
        self.bytes = bytes
        self.code = code
        self.line = line
        self.column = column
    }

    var testDescription: String { name }
}

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: Valid documents

    @Test("a nested document keeps members in file order with the location of every key and value")
    func nestedDocument() throws {
        let text = """
            {
              "name": "hz-dc",
              "connections": [
                {"local_asn": 45104, "enabled": true},
                {"peer": null, "weights": [1, 2.5]}
              ],
              "empty": {}, "none": []
            }
            """
        let root = try #require(parse(text))
        #expect(root.location == loc(1, 1))
        let object = try #require(root.value.objectValue)
        #expect(object.keys == ["name", "connections", "empty", "none"])
        #expect(object.member("name")?.keyLocation == loc(2, 3))
        #expect(object["name"] == JSONNode(.string("hz-dc"), at: loc(2, 11)))
        let connections = try #require(object["connections"]?.value.arrayValue)
        #expect(object["connections"]?.location == loc(3, 18))
        #expect(connections.count == 2)
        #expect(connections[0].location == loc(4, 5))
        let first = try #require(connections[0].value.objectValue)
        #expect(first.member("local_asn")?.keyLocation == loc(4, 6))
        #expect(first["local_asn"]?.location == loc(4, 19))
        #expect(first["local_asn"]?.value.numberValue?.uint32 == 45104)
        #expect(first["enabled"]?.value == .bool(true))
        let second = try #require(connections[1].value.objectValue)
        #expect(second["peer"]?.value.isNull == true)
        #expect(second["peer"]?.location == loc(5, 14))
        #expect(second["weights"]?.value.arrayValue?.map(\.location) == [loc(5, 32), loc(5, 35)])
        #expect(object["empty"]?.value == .object(JSONObject([])))
        #expect(object["none"]?.value == .array([]))
        #expect(object["missing"] == nil)
        #expect(root.description
            == #"{"name":"hz-dc","connections":[{"local_asn":45104,"enabled":true},{"peer":null,"weights":[1,2.5]}],"empty":{},"none":[]}"#)
    }

    @Test("any value may be the top-level value, surrounded by whitespace")
    func topLevelScalars() throws {
        #expect(parse("42")?.value.numberValue?.int == 42)
        #expect(parse(#" "x" "#)?.value == .string("x"))
        #expect(parse("\t\r\n null \n")?.value == .null)
        #expect(parse("false")?.value == .bool(false))
        #expect(parse(" true")?.location == loc(1, 2))
    }

    @Test("escapes, surrogate pairs and raw Unicode decode to the right scalars")
    func unicodeAndEscapes() throws {
        let text = #"["\" \\ \/ \b \f \n \r \t", "\u00e9\u00E9", "\ud83d\ude00", "é日本😀", "a\u0000b", "\uFFFF"]"#
        let elements = try #require(parse(text)?.value.arrayValue)
        #expect(elements.map(\.value.stringValue) == [
            "\" \\ / \u{08} \u{0C} \n \r \t", "éé", "😀", "é日本😀", "a\u{0}b", "\u{FFFF}",
        ])
        // Columns count scalars: "é日本😀" is 4 columns whatever its byte length.
        let located = try #require(parse(#"["é日本😀", 1]"#)?.value.arrayValue)
        #expect(located[1].location == loc(1, 10))
    }

    @Test("numbers keep their literal text; the accessors are exact")
    func numbers() throws {
        let text = "[0, -0, 12, -12, 1.5, 1.0, 1e3, 1E+3, 2e-3, 4294967295, 4294967296, -1, 123456789012345678901234567890, 1e400]"
        let elements = try #require(parse(text)?.value.arrayValue)
        let numbers = elements.compactMap { $0.value.numberValue }
        #expect(numbers.map(\.text) == [
            "0", "-0", "12", "-12", "1.5", "1.0", "1e3", "1E+3", "2e-3", "4294967295", "4294967296", "-1",
            "123456789012345678901234567890", "1e400",
        ])
        #expect(numbers.map(\.int) == [0, 0, 12, -12, nil, nil, nil, nil, nil, 4_294_967_295, 4_294_967_296, -1, nil, nil])
        #expect(numbers.map(\.uint32) == [0, 0, 12, nil, nil, nil, nil, nil, nil, 4_294_967_295, nil, nil, nil, nil])
        #expect(numbers.map(\.double) == [
            0, 0, 12, -12, 1.5, 1, 1000, 1000, 0.002, 4_294_967_295, 4_294_967_296, -1, 1.2345678901234568e29, nil,
        ])
        #expect(numbers[1].isNegative)
        #expect(numbers[5].isInteger == false)
        #expect(numbers[0].integer(as: UInt8.self) == 0)
        #expect(JSONNumber(-7).text == "-7")
        #expect(JSONNumber("1.25e-2")?.double == 0.0125)
        for bad in ["", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "1 "] {
            #expect(JSONNumber(bad) == nil, "\(bad)")
        }
    }

    @Test("CRLF, LF and a lone CR each end one line; a tab is one column")
    func lineBreaksAndTabs() throws {
        let crlf = try #require(parse("{\r\n\t\"a\": 1,\r\n\r\n  \"b\":\t2}")?.value.objectValue)
        #expect(crlf.member("a")?.keyLocation == loc(2, 2))
        #expect(crlf["a"]?.location == loc(2, 7))
        #expect(crlf.member("b")?.keyLocation == loc(4, 3))
        #expect(crlf["b"]?.location == loc(4, 8))
        let lone = try #require(parse("[1,\r2,\n3]")?.value.arrayValue)
        #expect(lone.map(\.location) == [loc(1, 2), loc(2, 1), loc(3, 1)])
    }

    @Test("a UTF-8 byte order mark at the start is skipped and takes no column")
    func byteOrderMarkSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
        let root = try JSONParser.parse(bytes)
        #expect(root.location == loc(1, 1))
        #expect(root.value.objectValue?.member("a")?.keyLocation == loc(1, 2))
        #expect(try JSONParser.parse("\u{FEFF}[true]").value == .array([JSONNode(.bool(true), at: loc(1, 2))]))
    }

    @Test("nesting up to the limit is accepted; one more level is refused at its bracket")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(parse(deepest) != nil)
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let issue = try #require(refusal(Array(tooDeep.utf8)))
        #expect(issue.code == .nestingTooDeep)
        #expect(issue.location == loc(1, 257))
        let objects = #"{"a":{"b":{"c":1}}}"#
        let shallow = try #require(refusal(Array(objects.utf8), maximumDepth: 2))
        #expect(shallow.code == .nestingTooDeep)
        #expect(shallow.path == "a.b")
        #expect(shallow.location == loc(1, 11))
        #expect(refusal(Array(objects.utf8), maximumDepth: 3) == nil)
    }

    @Test("a document over the size limit is refused before it is read")
    func sizeLimit() throws {
        #expect(throws: DocumentIssue(
            code: .documentTooLarge, path: "", location: nil,
            message: "the document is 9 bytes, over the limit of 8 bytes")
        ) {
            try JSONParser.parse("[1,2,3,4]", maximumBytes: 8)
        }
        #expect(try JSONParser.parse("[1,2,3,4]", maximumBytes: 9).value.arrayValue?.count == 4)
    }

    // MARK: Invalid documents

    static let invalidInputs: [InvalidInput] = [
        InvalidInput("empty input", "", .unexpectedEnd, 1, 1),
        InvalidInput("only whitespace", "  \n  ", .unexpectedEnd, 2, 3),
        InvalidInput("trailing comma in an array", "[1,2,]", .syntaxError, 1, 5),
        InvalidInput("trailing comma in an object", #"{"a":1,}"#, .syntaxError, 1, 7),
        InvalidInput("leading zero", "[01]", .invalidNumber, 1, 2),
        InvalidInput("negative leading zero", "-01", .invalidNumber, 1, 1),
        InvalidInput("no digit after the dot", "[1.]", .invalidNumber, 1, 2),
        InvalidInput("end after the dot", "1.", .unexpectedEnd, 1, 3),
        InvalidInput("no digit before the dot", "[.5]", .invalidNumber, 1, 2),
        InvalidInput("plus sign", "[+1]", .invalidNumber, 1, 2),
        InvalidInput("empty exponent", "[1e]", .invalidNumber, 1, 2),
        InvalidInput("lone minus", "[-]", .invalidNumber, 1, 2),
        InvalidInput("hexadecimal", "[0x1F]", .invalidNumber, 1, 2),
        InvalidInput("two dots", "[1.2.3]", .invalidNumber, 1, 2),
        InvalidInput("unterminated string", #""abc"#, .unexpectedEnd, 1, 5),
        InvalidInput("unknown escape", #"{"a": "x\q"}"#, .invalidEscape, 1, 9),
        InvalidInput("bad \\u digits", #"["\u12G4"]"#, .invalidEscape, 1, 3),
        InvalidInput("lone high surrogate", #"["\ud800"]"#, .invalidEscape, 1, 3),
        InvalidInput("lone low surrogate", #"["ok\udc00"]"#, .invalidEscape, 1, 5),
        InvalidInput("high surrogate then a non-surrogate", #"["\ud800\u0041"]"#, .invalidEscape, 1, 3),
        InvalidInput("end inside a \\u escape", #""\u00"#, .unexpectedEnd, 1, 6),
        InvalidInput("raw tab in a string", "[\"a\tb\"]", .controlCharacter, 1, 4),
        InvalidInput("raw line feed in a string", "[\"a\nb\"]", .controlCharacter, 1, 4),
        InvalidInput("raw NUL in a string", bytes: [0x22, 0x00, 0x22], .controlCharacter, 1, 2),
        InvalidInput("duplicate key", #"{"a":1,"a":2}"#, .duplicateKey, 1, 8),
        InvalidInput("duplicate key written with an escape", #"{"ab":1, "\u0061b":2}"#, .duplicateKey, 1, 10),
        InvalidInput("trailing word", "{} x", .trailingContent, 1, 4),
        InvalidInput("two documents", "[1]\n[2]", .trailingContent, 2, 1),
        InvalidInput("truncated literal", "[tru]", .syntaxError, 1, 2),
        InvalidInput("capitalized literal", "[True]", .syntaxError, 1, 2),
        InvalidInput("literal glued to letters", "[nullx]", .syntaxError, 1, 2),
        InvalidInput("NaN", "[NaN]", .syntaxError, 1, 2),
        InvalidInput("unquoted key", "{a:1}", .syntaxError, 1, 2),
        InvalidInput("single quotes", "['a']", .syntaxError, 1, 2),
        InvalidInput("missing comma in an array", "[1 2]", .syntaxError, 1, 4),
        InvalidInput("missing comma between members", #"{"a":1 "b":2}"#, .syntaxError, 1, 8),
        InvalidInput("missing colon", #"{"a" 1}"#, .syntaxError, 1, 6),
        InvalidInput("leading comma", "[,1]", .syntaxError, 1, 2),
        InvalidInput("line comment", "// c\n{}", .syntaxError, 1, 1),
        InvalidInput("block comment", #"{"a":1 /* c */}"#, .syntaxError, 1, 8),
        InvalidInput("unclosed array", "[1,2", .unexpectedEnd, 1, 5),
        InvalidInput("unclosed object", "{\"a\":", .unexpectedEnd, 1, 6),
        InvalidInput("CRLF line counting", "{\r\n\"a\":1,\r\n\"b\":tru}", .syntaxError, 3, 5),
        InvalidInput("lone CR line counting", "[1,\r2,\rx]", .syntaxError, 3, 1),
        InvalidInput("tab column counting", "{\n\t\"a\":\t@}", .syntaxError, 2, 7),
        InvalidInput("Unicode column counting", "[\"é日\", x]", .syntaxError, 1, 8),
        InvalidInput("non-ASCII outside a string", "[é]", .syntaxError, 1, 2),
        InvalidInput("byte order mark after the start", "[1,\u{FEFF}2]", .syntaxError, 1, 4),
        InvalidInput("invalid UTF-8 continuation", bytes: [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D], .invalidUTF8, 1, 3),
        InvalidInput("overlong UTF-8", bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8, 1, 2),
        InvalidInput("UTF-8-encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 1, 2),
        InvalidInput("truncated UTF-8 at the end", bytes: [0x22, 0xE6, 0x97], .invalidUTF8, 1, 2),
        InvalidInput("invalid UTF-8 outside a string", bytes: [0x5B, 0xFF, 0x5D], .invalidUTF8, 1, 2),
        InvalidInput("UTF-16 byte order mark", bytes: [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00], .invalidUTF8, 1, 1),
        InvalidInput("UTF-16 without a byte order mark", bytes: [0x5B, 0x00, 0x5D, 0x00], .syntaxError, 1, 2),
        InvalidInput("nesting one level too deep", String(repeating: "[", count: 300), .nestingTooDeep, 1, 257),
    ]

    @Test("invalid input is refused with a stable code at the offending line:column", arguments: invalidInputs)
    func invalidInput(_ input: InvalidInput) throws {
        let issue = try #require(refusal(input.bytes), "\(input.name) was accepted")
        #expect(issue.code == input.code, "\(issue)")
        #expect(issue.location == loc(input.line, input.column), "\(issue)")
    }

    @Test("issues name the value being read and say what was wrong")
    func messages() throws {
        func describe(_ text: String) -> String { refusal(Array(text.utf8)).map(String.init(describing:)) ?? "accepted" }
        #expect(describe(#"{"connections": [{"name": "x\q"}]}"#)
            == #"1:29 connections[0].name: invalid_escape: invalid escape '\q'; the escapes are \" \\ \/ \b \f \n \r \t \uXXXX"#)
        #expect(describe("{\n  \"a\": 1,\n  \"a\": 2\n}")
            == "3:3 a: duplicate_key: duplicate key 'a'; first defined at 2:3")
        #expect(describe("[1,2,]") == "1:5 syntax_error: trailing comma before ']'")
        #expect(describe("[True]") == "1:2 [0]: syntax_error: expected a value, found 'True'; JSON literals are lowercase: true, false, null")
        #expect(describe("{name: 1}")
            == "1:2 syntax_error: expected a double-quoted key, found 'name'; object keys must be double-quoted strings")
        #expect(describe(#"{"a": [1, "#)
            == "1:11 a: unexpected_end: expected a value, found the end of the document (the array at 1:7 is not closed)")
        #expect(describe(#"{"a": "x"#) == "1:9 a: unexpected_end: the string at 1:7 is not terminated")
        #expect(describe("[007]") == "1:2 [0]: invalid_number: '007' is not a valid JSON number: numbers must not have leading zeros")
        #expect(describe("{} // end") == "1:4 trailing_content: comments are not allowed in JSON")
        #expect(describe("{}}") == "1:3 trailing_content: unexpected '}' after the top-level value")
        #expect(describe("[\"a\nb\"]")
            == #"1:4 [0]: control_character: raw control character U+000A in a string (line feed; write it as \n (strings cannot span lines))"#)
        #expect(describe(#"["\ud83d"]"#)
            == #"1:3 [0]: invalid_escape: lone high surrogate \uD83D; it must be followed by a low surrogate \uDC00...\uDFFF"#)
        #expect(describe("") == "1:1 unexpected_end: the document is empty")
        #expect(describe(#"{"a":"#)
            == "1:6 a: unexpected_end: expected a value, found the end of the document (the object at 1:1 is not closed)")
        #expect(describe("[1,\u{FEFF}2]")
            == "1:4 [1]: syntax_error: expected a value, found U+FEFF (a byte order mark is only allowed at the start)")
        #expect(describe("[1,\u{A0}2]") == "1:4 [1]: syntax_error: expected a value, found U+00A0")
        #expect(describe("[0x1F]") == "1:2 [0]: invalid_number: '0x1F' is not a valid JSON number")
        #expect(describe("[1.]") == "1:2 [0]: invalid_number: '1.' is not a valid JSON number: expected a digit after '.'")
        let utf8 = refusal([0x22, 0xED, 0xA0, 0x80, 0x22]).map(String.init(describing:))
        #expect(utf8 == "1:2 invalid_utf8: invalid UTF-8 in a string (no valid sequence starts at byte 0xED)")
    }

    @Test("keys that differ only by Unicode normalization are duplicates")
    func normalizationDuplicates() throws {
        let issue = try #require(refusal(Array("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}".utf8)))
        #expect(issue.code == .duplicateKey)
        #expect(issue.location == loc(1, 13))
    }

    // MARK: Building blocks

    @Test("paths: root is empty, members joined with dots, odd keys quoted in brackets")
    func paths() {
        #expect(JSONPath.root == "")
        #expect(JSONPath.member("connections", of: JSONPath.root) == "connections")
        #expect(JSONPath.element(2, of: "connections") == "connections[2]")
        #expect(JSONPath.member("local_asn", of: "connections[2].tunnel_bgp_config") == "connections[2].tunnel_bgp_config.local_asn")
        #expect(JSONPath.element(0, of: JSONPath.root) == "[0]")
        #expect(JSONPath.member("10.0.0.0/8", of: "routes") == #"routes["10.0.0.0/8"]"#)
        #expect(JSONPath.member("a \"b\"", of: "") == #"["a \"b\""]"#)
        #expect(JSONPath.member("", of: "x") == #"x[""]"#)
    }

    @Test("an issue prints as 'line:column path: code: message'")
    func issueDescription() {
        let issue = DocumentIssue(
            code: .wrongType, path: "connections[0].name", location: loc(3, 17),
            message: "expected a string, found a number")
        #expect(issue.description == "3:17 connections[0].name: wrong_type: expected a string, found a number")
        #expect(DocumentIssue(code: .missingField, path: "x", location: nil, message: "m").description == "x: missing_field: m")
        #expect(loc(12, 5).description == "12:5")
        #expect(loc(2, 9) < loc(3, 1))
        #expect(loc(3, 1) < loc(3, 2))
        #expect(DocumentIssueCode.allCases.map(\.rawValue) == [
            "syntax_error", "unexpected_end", "invalid_escape", "control_character", "invalid_number", "invalid_utf8",
            "duplicate_key", "trailing_content", "nesting_too_deep", "document_too_large",
            "missing_field", "unknown_field", "wrong_type", "invalid_value", "out_of_range",
            "ignored_field", "duplicate_announcement",
        ])
    }
}

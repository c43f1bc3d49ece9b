/// A JSON value as read from a file, with the location of every nested value and key.
///
/// Numbers keep their literal text (``JSONNumber``) so that `1.0`, `1e3` and `1` stay distinct;
/// objects keep their members in file order (``JSONObject``).
public indirect enum JSONValue: Hashable, Sendable {
    /// `{ ... }`.
    case object(JSONObject)
    /// `[ ... ]`.
    case array([JSONNode])
    /// A string, unescaped.
    case string(String)
    /// A number, as written.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The kind of value with its article, for messages: "an object", "an array", "a string",
    /// "a number", "a boolean" or "null".
    public var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { object } else { nil }
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONNode]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The number, if this is one.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { number } else { nil }
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { bool } else { nil }
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text: no whitespace, members in file order, numbers as written, strings
    /// escaped as in ``JSONPath`` (quote, backslash, control characters).
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .object(let object):
            text += "{"
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { text += "," }
                text += JSONPath.quoted(member.key)
                text += ":"
                member.value.value.write(to: &text)
            }
            text += "}"
        case .array(let elements):
            text += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { text += "," }
                element.value.write(to: &text)
            }
            text += "]"
        case .string(let string):
            text += JSONPath.quoted(string)
        case .number(let number):
            text += number.text
        case .bool(let bool):
            text += bool ? "true" : "false"
        case .null:
            text += "null"
        }
    }
}

/// A value and where it starts in the file (its first character: `{`, `[`, `"`, `-`, a digit,
/// `t`, `f` or `n`).
public struct JSONNode: Hashable, Sendable {
    /// The value.
    public var value: JSONValue
    /// Where the value starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ value: JSONValue, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension JSONNode: CustomStringConvertible {
    /// The value as compact JSON (see ``JSONValue/description``).
    public var description: String { value.description }
}

/// A JSON object: its members in file order, each with the location of its key, and keys unique.
///
/// Equality compares members in order, locations included.
public struct JSONObject: Hashable, Sendable {
    /// One `"key": value` member.
    public typealias Member = (key: String, keyLocation: SourceLocation, value: JSONNode)

    /// The members in file order.
    public let members: [Member]
    /// The offset of each key in ``members``.
    private let offsets: [String: Int]

    /// Creates an object from members whose keys are unique.
    ///
    /// - Precondition: no two members have equal keys (the parser reports duplicates as
    ///   ``DocumentIssueCode/duplicateKey`` before building an object).
    public init(_ members: [Member]) {
        var offsets: [String: Int] = [:]
        offsets.reserveCapacity(members.count)
        for (offset, member) in members.enumerated() {
            let previous = offsets.updateValue(offset, forKey: member.key)
            precondition(previous == nil, "duplicate key '\(member.key)' in a JSONObject")
        }
        self.init(members: members, offsets: offsets)
    }

    /// Creates an object whose key offsets are already known (the parser builds them while it
    /// checks for duplicates).
    init(members: [Member], offsets: [String: Int]) {
        self.members = members
        self.offsets = offsets
    }

    /// The value of member `key`, or `nil` if there is none.
    public subscript(key: String) -> JSONNode? {
        guard let offset = offsets[key] else { return nil }
        return members[offset].value
    }

    /// The member `key` with the location of its key, or `nil` if there is none.
    public func member(_ key: String) -> Member? {
        guard let offset = offsets[key] else { return nil }
        return members[offset]
    }

    /// The keys in file order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members)
        where left.key != right.key || left.keyLocation != right.keyLocation || left.value != right.value {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.keyLocation)
            hasher.combine(member.value)
        }
    }
}

/// A JSON number, kept as the literal text of the file.
///
/// The accessors are exact: ``int`` and ``uint32`` answer only for integers written without a
/// fraction or exponent (`1.0` and `1e3` are not integers) that fit the type; ``double`` answers
/// for any number whose value is finite as a `Double` (the nearest `Double`; `1e400` is `nil`).
public struct JSONNumber: Hashable, Sendable {
    /// The literal text, e.g. `-12`, `1.50`, `6.02e23`.
    public let text: String

    /// Creates a number from JSON number text, or `nil` if `text` breaks the RFC 8259 grammar
    /// (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`).
    public init?(_ text: String) {
        guard JSONNumber.isValidLiteral(Array(text.utf8)) else { return nil }
        self.text = text
    }

    /// Creates the number for an integer.
    public init<T: BinaryInteger>(_ value: T) {
        self.text = String(value)
    }

    /// Creates a number from text the parser has already checked.
    init(validatedText: String) {
        self.text = validatedText
    }

    /// Whether the literal has neither a fraction nor an exponent.
    public var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// Whether the literal starts with `-` (so `-0` is negative here).
    public var isNegative: Bool { text.utf8.first == UInt8(ascii: "-") }

    /// The value as `T`, if the literal is an integer (see ``isInteger``) that `T` holds exactly.
    /// `-0` is 0 for every type.
    public func integer<T: FixedWidthInteger>(as type: T.Type = T.self) -> T? {
        guard isInteger else { return nil }
        if let value = T(text, radix: 10) { return value }
        if isNegative, text.utf8.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") }) { return 0 }
        return nil
    }

    /// The value as an `Int`, if it is an integer that fits.
    public var int: Int? { integer(as: Int.self) }

    /// The value as a `UInt32`, if it is an integer in 0...4294967295.
    public var uint32: UInt32? { integer(as: UInt32.self) }

    /// The nearest `Double`, if it is finite.
    public var double: Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Whether `bytes` is exactly one JSON number.
    static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The literal text.
    public var description: String { text }
}

/// Why a value was refused by a parse closure given to ``JSONReader``; the reader records it at
/// the value's path and location. Throw it as `throw ValueRejection.invalid("...")`.
public struct ValueRejection: Error, Hashable, Sendable {
    /// The code to record, usually ``DocumentIssueCode/invalidValue``.
    public var code: DocumentIssueCode
    /// The message to record.
    public var message: String

    /// Creates a rejection.
    public init(code: DocumentIssueCode, message: String) {
        self.code = code
        self.message = message
    }

    /// An ``DocumentIssueCode/invalidValue``.
    public static func invalid(_ message: String) -> ValueRejection {
        ValueRejection(code: .invalidValue, message: message)
    }

    /// An ``DocumentIssueCode/outOfRange``.
    public static func outOfRange(_ message: String) -> ValueRejection {
        ValueRejection(code: .outOfRange, message: message)
    }

    /// A ``DocumentIssueCode/wrongType``: "expected `expected`, found a number".
    public static func wrongType(expected: String, found node: JSONNode) -> ValueRejection {
        ValueRejection(code: .wrongType, message: "expected \(expected), found \(node.value.kindDescription)")
    }
}

/// A cursor over one JSON object that reads typed fields and records every problem in an
/// ``IssueCollector`` instead of throwing, so that schema code reads on and loading reports all
/// problems at once.
///
/// ```swift
/// let issues = IssueCollector()
/// let reader = JSONReader(node, path: "connections[0]", issues: issues)
/// let name = reader.string("name", required: true)
/// let asn = reader.uint32("local_asn", default: 45104)
/// let tunnels = reader.objects("tunnel_options_specification") ?? []
/// let cidr = reader.string("cidr", as: { try IPv4Prefix(parsing: $0) })
/// reader.rejectUnknownFields(allowed: ["name", "local_asn", "tunnel_options_specification", "cidr"])
/// ```
///
/// Rules every accessor follows:
///
/// - Without `default:`, the result is `nil` when the field is absent (a
///   ``DocumentIssueCode/missingField`` is recorded if `required`, at the location of this
///   object) or when it is present but refused (an issue is recorded at the value).
/// - With `default:`, an absent field gives the default; `nil` means the value was refused.
/// - `null` is a value like any other, not an absent field: typed accessors refuse it as
///   ``DocumentIssueCode/wrongType``. A parse closure sees it and may accept it.
/// - Integers must be written without a fraction or exponent (`1.0` and `1e3` are
///   ``DocumentIssueCode/wrongType``: "expected an integer"); an integer outside the field's
///   type or range is ``DocumentIssueCode/outOfRange``.
/// - Arrays: a refused element is recorded at its own path (`tunnels[1]`) and left out of the
///   result, so the good elements can still be checked.
///
/// A reader over a node that is not an object records ``DocumentIssueCode/wrongType`` once, when
/// created, and then reads nothing (no missing-field noise).
public struct JSONReader {
    /// The node this reader was created on.
    public let node: JSONNode
    /// The path of ``node``.
    public let path: String
    /// Where issues go.
    public let issues: IssueCollector
    /// The object, or `nil` if ``node`` is not an object.
    public let object: JSONObject?

    /// Creates a reader over `node`, which should be an object (otherwise a
    /// ``DocumentIssueCode/wrongType`` is recorded).
    public init(_ node: JSONNode, path: String = JSONPath.root, issues: IssueCollector) {
        self.node = node
        self.path = path
        self.issues = issues
        self.object = node.value.objectValue
        if object == nil {
            issues.record(.wrongType, path: path, location: node.location, "expected an object, found \(node.value.kindDescription)")
        }
    }

    /// Creates a reader over a node already known to be `object`.
    private init(object: JSONObject, node: JSONNode, path: String, issues: IssueCollector) {
        self.node = node
        self.path = path
        self.issues = issues
        self.object = object
    }

    /// Where the object starts (its `{`).
    public var location: SourceLocation { node.location }

    /// The keys present, in file order.
    public var keys: [String] { object?.keys ?? [] }

    /// Whether field `key` is present (even as `null`).
    public func contains(_ key: String) -> Bool { object?[key] != nil }

    /// The raw value of field `key`, if present.
    public subscript(key: String) -> JSONNode? { object?[key] }

    /// The path of field `key` of this object.
    public func path(of key: String) -> String { JSONPath.member(key, of: path) }

    // MARK: Core

    /// What to do when a field is absent.
    private enum Absence<T> {
        case optional
        case required
        case defaulted(T)

        init(required: Bool) { self = required ? .required : .optional }
    }

    /// Reads field `key` with `parse`, recording what goes wrong.
    private func read<T>(
        _ key: String, _ absence: Absence<T>, _ parse: (JSONNode, String) throws(ValueRejection) -> T
    ) -> T? {
        guard let object else { return nil }
        // The path is built only when it is needed (a file of 400,000 objects reads millions of
        // absent optional fields).
        guard let field = object[key] else {
            switch absence {
            case .optional:
                return nil
            case .required:
                if issues.isFull {
                    issues.countOmitted(.missingField)
                } else {
                    issues.record(.missingField, path: path(of: key), location: node.location, "required field '\(key)' is missing")
                }
                return nil
            case .defaulted(let value):
                return value
            }
        }
        let fieldPath = path(of: key)
        do {
            return try parse(field, fieldPath)
        } catch {
            issues.record(error.code, path: fieldPath, location: field.location, error.message)
            return nil
        }
    }

    /// Runs a parse closure, turning what it throws into a ``ValueRejection``: a thrown
    /// ``ValueRejection`` is kept; any other error (say an `AddressParseError`) becomes
    /// ``DocumentIssueCode/invalidValue`` with the error's description as the message.
    ///
    /// Parse closures are declared `throws` rather than `throws(ValueRejection)` because Swift 6
    /// does not infer a closure's thrown type from context: with a typed parameter every closure
    /// would have to spell `node, path throws(ValueRejection) in`.
    private static func capture<T>(_ body: () throws -> T) throws(ValueRejection) -> T {
        do {
            return try body()
        } catch let rejection as ValueRejection {
            throw rejection
        } catch {
            throw .invalid(String(describing: error))
        }
    }

    private static func parseText<T>(_ text: String, _ parse: (String) throws -> T) throws(ValueRejection) -> T {
        try capture { try parse(text) }
    }

    // MARK: Custom values

    /// Field `key` parsed by `parse`, which receives the node and its path and returns the value
    /// or throws: a ``ValueRejection`` is recorded as it is, any other error as
    /// ``DocumentIssueCode/invalidValue`` with its description, at the node.
    ///
    /// ```swift
    /// let hold = reader.value("hold_time", default: 90) { node, _ in
    ///     let seconds = try JSONReader.integerValue(node, as: Int.self)
    ///     guard seconds == 0 || seconds >= 3 else { throw ValueRejection.invalid("0 or at least 3") }
    ///     return seconds
    /// }
    /// ```
    public func value<T>(_ key: String, required: Bool = false, _ parse: (JSONNode, String) throws -> T) -> T? {
        read(key, Absence(required: required)) { node, path throws(ValueRejection) in
            try Self.capture { try parse(node, path) }
        }
    }

    /// Field `key` parsed by `parse` (see ``value(_:required:_:)``), or `defaultValue` when absent.
    public func value<T>(_ key: String, default defaultValue: T, _ parse: (JSONNode, String) throws -> T) -> T? {
        read(key, .defaulted(defaultValue)) { node, path throws(ValueRejection) in
            try Self.capture { try parse(node, path) }
        }
    }

    // MARK: Strings

    /// `node` as a string.
    public static func stringValue(_ node: JSONNode) throws(ValueRejection) -> String {
        guard case .string(let text) = node.value else { throw .wrongType(expected: "a string", found: node) }
        return text
    }

    /// Field `key` as a string.
    public func string(_ key: String, required: Bool = false) -> String? {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in try Self.stringValue(node) }
    }

    /// Field `key` as a string, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String) -> String? {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in try Self.stringValue(node) }
    }

    /// Field `key` as a string converted by `parse` (e.g. `{ try IPv4Prefix(parsing: $0) }`). An
    /// error thrown by `parse` is recorded as ``DocumentIssueCode/invalidValue`` with the error's
    /// description, unless it is a ``ValueRejection``.
    public func string<T>(_ key: String, required: Bool = false, as parse: (String) throws -> T) -> T? {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in
            try Self.parseText(try Self.stringValue(node), parse)
        }
    }

    /// Field `key` as a string converted by `parse`, or `defaultValue` when absent.
    public func string<T>(_ key: String, default defaultValue: T, as parse: (String) throws -> T) -> T? {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in
            try Self.parseText(try Self.stringValue(node), parse)
        }
    }

    /// Field `key` as one of the raw values of `T`; anything else is
    /// ``DocumentIssueCode/invalidValue`` listing the choices (and suggesting a close one).
    public func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, as type: T.Type = T.self, required: Bool = false
    ) -> T? where T.RawValue == String {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in try Self.choiceValue(node, T.self) }
    }

    /// Field `key` as one of the raw values of `T`, or `defaultValue` when absent.
    public func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, as type: T.Type = T.self, default defaultValue: T
    ) -> T? where T.RawValue == String {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in try Self.choiceValue(node, T.self) }
    }

    /// `node` as one of the raw values of `T`.
    public static func choiceValue<T: RawRepresentable & CaseIterable>(
        _ node: JSONNode, _ type: T.Type
    ) throws(ValueRejection) -> T where T.RawValue == String {
        let text = try stringValue(node)
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        var message = "'\(Echo.clip(text))' is not one of " + names.map { "'\($0)'" }.joined(separator: ", ")
        if let suggestion = EditDistance.suggestion(for: text, among: names) {
            message += "; did you mean '\(suggestion)'?"
        }
        throw .invalid(message)
    }

    // MARK: Booleans

    /// `node` as a boolean.
    public static func boolValue(_ node: JSONNode) throws(ValueRejection) -> Bool {
        guard case .bool(let flag) = node.value else { throw .wrongType(expected: "a boolean", found: node) }
        return flag
    }

    /// Field `key` as a boolean.
    public func bool(_ key: String, required: Bool = false) -> Bool? {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in try Self.boolValue(node) }
    }

    /// Field `key` as a boolean, or `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool) -> Bool? {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in try Self.boolValue(node) }
    }

    // MARK: Numbers

    /// `node` as an integer of type `T` within `range` (the whole type when `nil`).
    public static func integerValue<T: FixedWidthInteger>(
        _ node: JSONNode, as type: T.Type = T.self, in range: ClosedRange<T>? = nil
    ) throws(ValueRejection) -> T {
        guard case .number(let number) = node.value else { throw .wrongType(expected: "an integer", found: node) }
        guard number.isInteger else {
            throw ValueRejection(
                code: .wrongType,
                message: "expected an integer, found \(number.text) (write integers without a fraction or exponent)")
        }
        let bounds = range ?? T.min...T.max
        guard let value = number.integer(as: T.self), bounds.contains(value) else {
            throw .outOfRange("\(number.text) is out of range \(bounds.lowerBound)...\(bounds.upperBound)")
        }
        return value
    }

    /// Field `key` as an integer of type `T`, within `range` if given.
    public func integer<T: FixedWidthInteger>(
        _ key: String, as type: T.Type, in range: ClosedRange<T>? = nil, required: Bool = false
    ) -> T? {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in
            try Self.integerValue(node, as: T.self, in: range)
        }
    }

    /// Field `key` as an integer of type `T`, within `range` if given, or `defaultValue` when
    /// absent (the default is not checked against `range`).
    public func integer<T: FixedWidthInteger>(
        _ key: String, as type: T.Type, in range: ClosedRange<T>? = nil, default defaultValue: T
    ) -> T? {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in
            try Self.integerValue(node, as: T.self, in: range)
        }
    }

    /// Field `key` as an `Int`, within `range` if given.
    public func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        integer(key, as: Int.self, in: range, required: required)
    }

    /// Field `key` as an `Int`, within `range` if given, or `defaultValue` when absent.
    public func int(_ key: String, in range: ClosedRange<Int>? = nil, default defaultValue: Int) -> Int? {
        integer(key, as: Int.self, in: range, default: defaultValue)
    }

    /// Field `key` as a `UInt32` (0...4294967295, or `range` if given).
    public func uint32(_ key: String, in range: ClosedRange<UInt32>? = nil, required: Bool = false) -> UInt32? {
        integer(key, as: UInt32.self, in: range, required: required)
    }

    /// Field `key` as a `UInt32`, or `defaultValue` when absent.
    public func uint32(_ key: String, in range: ClosedRange<UInt32>? = nil, default defaultValue: UInt32) -> UInt32? {
        integer(key, as: UInt32.self, in: range, default: defaultValue)
    }

    /// `node` as a finite `Double` within `range` if given; integers are accepted.
    public static func doubleValue(_ node: JSONNode, in range: ClosedRange<Double>? = nil) throws(ValueRejection) -> Double {
        guard case .number(let number) = node.value else { throw .wrongType(expected: "a number", found: node) }
        guard let value = number.double else {
            throw .outOfRange("\(number.text) is too large for a double-precision number")
        }
        if let range, !range.contains(value) {
            throw .outOfRange("\(number.text) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Field `key` as a `Double`, within `range` if given.
    public func double(_ key: String, in range: ClosedRange<Double>? = nil, required: Bool = false) -> Double? {
        read(key, Absence(required: required)) { node, _ throws(ValueRejection) in try Self.doubleValue(node, in: range) }
    }

    /// Field `key` as a `Double`, within `range` if given, or `defaultValue` when absent.
    public func double(_ key: String, in range: ClosedRange<Double>? = nil, default defaultValue: Double) -> Double? {
        read(key, .defaulted(defaultValue)) { node, _ throws(ValueRejection) in try Self.doubleValue(node, in: range) }
    }

    // MARK: Objects and arrays

    /// Field `key` as a nested object.
    public func object(_ key: String, required: Bool = false) -> JSONReader? {
        read(key, Absence(required: required)) { node, path throws(ValueRejection) in
            guard case .object(let object) = node.value else { throw .wrongType(expected: "an object", found: node) }
            return JSONReader(object: object, node: node, path: path, issues: issues)
        }
    }

    /// Field `key` as an array whose elements are parsed by `element` (given each element and
    /// its path; what it throws is recorded as in ``value(_:required:_:)``). Refused elements are
    /// recorded at their own path and left out.
    public func array<T>(_ key: String, required: Bool = false, _ element: (JSONNode, String) throws -> T) -> [T]? {
        elements(key, Absence(required: required)) { item, itemPath throws(ValueRejection) in
            try Self.capture { try element(item, itemPath) }
        }
    }

    /// Field `key` as an array whose elements are parsed by `element`.
    private func elements<T>(
        _ key: String, _ absence: Absence<[T]>, _ element: (JSONNode, String) throws(ValueRejection) -> T
    ) -> [T]? {
        read(key, absence) { node, path throws(ValueRejection) in
            guard case .array(let elements) = node.value else { throw .wrongType(expected: "an array", found: node) }
            var values: [T] = []
            values.reserveCapacity(elements.count)
            for (index, item) in elements.enumerated() {
                let itemPath = JSONPath.element(index, of: path)
                do throws(ValueRejection) {
                    values.append(try element(item, itemPath))
                } catch {
                    issues.record(error.code, path: itemPath, location: item.location, error.message)
                }
            }
            return values
        }
    }

    /// Field `key` as an array of objects, one reader each. Elements that are not objects are
    /// recorded as ``DocumentIssueCode/wrongType`` and left out.
    public func objects(_ key: String, required: Bool = false) -> [JSONReader]? {
        elements(key, Absence(required: required)) { node, path throws(ValueRejection) in
            guard case .object(let object) = node.value else { throw .wrongType(expected: "an object", found: node) }
            return JSONReader(object: object, node: node, path: path, issues: issues)
        }
    }

    /// Field `key` as an array of strings.
    public func strings(_ key: String, required: Bool = false) -> [String]? {
        elements(key, Absence(required: required)) { node, _ throws(ValueRejection) in try Self.stringValue(node) }
    }

    /// Field `key` as an array of strings, each converted by `parse` (see
    /// ``string(_:required:as:)``).
    public func strings<T>(_ key: String, required: Bool = false, as parse: (String) throws -> T) -> [T]? {
        elements(key, Absence(required: required)) { node, _ throws(ValueRejection) in
            try Self.parseText(try Self.stringValue(node), parse)
        }
    }

    // MARK: Checks

    /// Records a ``DocumentIssueCode/unknownField`` at the key of every field not in `allowed`,
    /// suggesting a close allowed name ("did you mean 'local_asn'?").
    public func rejectUnknownFields(allowed: some Sequence<String>) {
        // Objects have few members and the schema few names: a linear search, no set to build for
        // each of (say) 400,000 objects.
        guard let object, !object.members.isEmpty else { return }
        let names = Array(allowed)
        for member in object.members where !names.contains(member.key) {
            var message = "unknown field '\(Echo.clip(member.key))'"
            if let suggestion = EditDistance.suggestion(for: member.key, among: names) {
                message += "; did you mean '\(suggestion)'?"
            }
            issues.record(.unknownField, path: path(of: member.key), location: member.keyLocation, message)
        }
    }

    /// Records an issue found by schema code: at field `key`'s value when given and present, at
    /// this object otherwise (with the field's path when `key` is given).
    public func report(_ code: DocumentIssueCode, field key: String? = nil, _ message: String) {
        guard let key else {
            issues.record(code, path: path, location: node.location, message)
            return
        }
        issues.record(code, path: path(of: key), location: object?[key]?.location ?? node.location, message)
    }
}

import Simulation
import Topology

/// Partial matching of an `expect` block against a state's ``SimulationState/expectationView()``
/// (`Topologies/README.md`, "Expectations"):
///
/// - an object matches an object when every listed key matches (keys not listed are not checked);
/// - `null` matches an absent key or `null`;
/// - `"*"` matches any value that is present and not `null`;
/// - an object matches an array when at least one element matches it (a row among a prefix's rows);
/// - an array matches an array of the same length element by element;
/// - strings, booleans and integers match when equal.
public enum ExpectationMatcher {
    /// One difference: where, what was expected, what was found (`nil`: absent).
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var expected: String
        public var found: String?

        public var description: String {
            "\(path): expected \(expected), found \(found ?? "nothing")"
        }
    }

    /// Every difference between `expected` and `actual`, in the order the expectation lists them.
    public static func mismatches(_ expected: JSONNode, _ actual: JSONOutput?, path: String) -> [Mismatch] {
        func mismatch() -> [Mismatch] {
            [Mismatch(path: path, expected: expected.value.description, found: actual.map { $0.rendered(pretty: false) })]
        }
        switch (expected.value, actual) {
        case (.null, nil), (.null, .null?):
            return []
        case (.string("*"), let value):
            // `null` counts as absent (as for an expected `null`): "*" asks for a value.
            return value == nil || value == .null ? mismatch() : []
        case (.object(let object), .object(let members)?):
            var found: [Mismatch] = []
            for member in object.members {
                let value = members.first { $0.key == member.key }?.value
                found += mismatches(member.value, value, path: JSONPath.member(member.key, of: path))
            }
            return found
        case (.object, .array(let elements)?):
            return elements.contains { mismatches(expected, $0, path: path).isEmpty } ? [] : mismatch()
        case (.array(let wanted), .array(let elements)?):
            guard wanted.count == elements.count else { return mismatch() }
            return zip(wanted, elements).enumerated().flatMap { i, pair in
                mismatches(pair.0, pair.1, path: JSONPath.element(i, of: path))
            }
        case (.string(let text), .string(let value)?):
            return text == value ? [] : mismatch()
        case (.bool(let flag), .bool(let value)?):
            return flag == value ? [] : mismatch()
        case (.number(let number), .int(let value)?):
            return number.int == value ? [] : mismatch()
        default:
            return mismatch()
        }
    }
}

// The README's "Exit codes" and "JSON output" sections, checked: every command listed there is run
// as documented, and gives the status shown or output shaped like the example (same keys, same
// types, array elements shaped like the example's first one; `null` in an example may be anything).

import Foundation
import LabKit
import Testing

@Suite struct ReadmeExamplesTests {
    static let readme: String = (try? String(contentsOfFile: "\(SpeakerBinary.repositoryRoot)/README.md", encoding: .utf8)) ?? ""

    /// The lines of README section `title` (from its `## ` heading to the next one).
    static func section(_ title: String) -> [String] {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "## \(title)") else { return [] }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.endIndex
        return Array(lines[(start + 1) ..< end])
    }

    /// Runs a documented command line (`transit-bgp …`, shell redirections allowed) from the
    /// repository root.
    static func run(_ line: String) throws -> CommandResult {
        let binary = try SpeakerBinary.locate()
        let command = "cd '\(SpeakerBinary.repositoryRoot)' && '\(binary)'" + line.dropFirst("transit-bgp".count)
        return try LabCommand.run(["/bin/bash", "-c", command], timeout: .seconds(120))
    }

    /// `(command, status)` for every `transit-bgp … # exit N` line of "Exit codes".
    static let exitExamples: [(String, Int32)] = section("Exit codes").compactMap { line in
        guard line.hasPrefix("transit-bgp "), let hash = line.range(of: "# exit ", options: .backwards),
              let status = Int32(line[hash.upperBound...].trimmingCharacters(in: .whitespaces)) else { return nil }
        return (line[..<hash.lowerBound].trimmingCharacters(in: .whitespaces), status)
    }

    /// `(command, example JSON)` for every `<!-- checked: … -->` marker of "JSON output".
    static let jsonExamples: [(String, String)] = {
        let lines = section("JSON output")
        var examples: [(String, String)] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("<!-- checked: ") && line.hasSuffix(" -->") {
            let command = String(line.dropFirst("<!-- checked: ".count).dropLast(" -->".count))
            guard i + 1 < lines.count, lines[i + 1] == "```json",
                  let end = lines[(i + 2)...].firstIndex(of: "```") else { continue }
            examples.append((command, lines[(i + 2) ..< end].joined(separator: "\n")))
        }
        return examples
    }()

    @Test func theSectionsHaveExamples() {
        #expect(Self.exitExamples.count >= 6)
        #expect(Set(Self.exitExamples.map(\.1)) == [0, 1, 2])
        let verbs = Set(Self.jsonExamples.map { $0.0.split(separator: " ")[1] })
        #expect(verbs == ["simulate", "validate", "verify", "diff", "explain", "decode", "config"], "\(verbs)")
    }

    @Test func everyExitCodeExampleGivesItsStatus() throws {
        for (command, status) in Self.exitExamples {
            let result = try Self.run(command)
            #expect(result.status == status, "\(command): \(result)")
        }
    }

    @Test func everyJSONExampleHasTheShapeOfTheOutput() throws {
        for (command, example) in Self.jsonExamples {
            let expected = try JSONSerialization.jsonObject(with: Data(example.utf8))
            let result = try Self.run(command)
            let actual = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            let differences = Self.shapeDifferences(expected, actual, path: "")
            #expect(differences.isEmpty, "\(command):\n\(differences.joined(separator: "\n"))")
            // The version the README documents is the one printed (2 since tunnel states became codes).
            let documented = (expected as? [String: Any])?["schema_version"] as? Int
            #expect(documented == 2 && (actual as? [String: Any])?["schema_version"] as? Int == documented, "\(command)")
        }
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case _ where type(of: value) == Bool.self: "bool"
        case is NSNumber, is Int, is Double: "number"
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        default: "\(type(of: value))"
        }
    }

    /// Where `actual` is not shaped like `expected`.
    static func shapeDifferences(_ expected: Any, _ actual: Any, path: String) -> [String] {
        let (want, got) = (kind(expected), kind(actual))
        if want == "null" { return [] }
        guard want == got else { return ["\(path): expected \(want), found \(got)"] }
        if let expected = expected as? [String: Any], let actual = actual as? [String: Any] {
            // An empty example object stands for "keys vary" (tables by ID).
            guard !expected.isEmpty else { return [] }
            var differences: [String] = []
            for key in Set(expected.keys).symmetricDifference(actual.keys).sorted() {
                differences.append("\(path).\(key): " + (expected[key] == nil ? "not in the example" : "missing"))
            }
            for (key, value) in expected {
                if let other = actual[key] { differences += shapeDifferences(value, other, path: "\(path).\(key)") }
            }
            return differences
        }
        if let expected = expected as? [Any], let actual = actual as? [Any], let first = expected.first {
            return actual.enumerated().flatMap { shapeDifferences(first, $0.element, path: "\(path)[\($0.offset)]") }
        }
        return []
    }
}

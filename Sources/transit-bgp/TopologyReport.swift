// Loading a topology for a verb and reporting its problems: severities, the cap on printed issues,
// and the JSON shapes every verb shares (README, "JSON output").

import BGPRouting
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// The version of every `--json` shape (README, "JSON output"), ``JSONOutput/schemaVersion``.
let jsonSchemaVersion = JSONOutput.schemaVersion

/// The most issues a verb prints; the rest are counted ("… and N more"), and `--json` lists them all.
let printedIssueLimit = 100

/// A topology file, loaded or not, with every problem found.
struct LoadOutcome {
    var path: String
    var document: TopologyDocument?
    /// Every error and warning, in file order.
    var issues: [TopologyIssue]
    /// Whether the file could be read at all.
    var readable: Bool
    /// Issues past the printing limit: counted by the loader, not kept.
    var omittedErrors = 0
    var omittedWarnings = 0

    var errors: Int { issues.lazy.filter { $0.severity == .error }.count + omittedErrors }
    var warnings: Int { issues.lazy.filter { $0.severity == .warning }.count + omittedWarnings }
    var omitted: Int { omittedErrors + omittedWarnings }
}

/// Reads and loads `path` (`-`: stdin) without printing anything; `everyIssue` keeps all issues
/// (for `--json`), otherwise the first ``printedIssueLimit`` and a count of the others.
func loadOutcome(_ path: String, everyIssue: Bool = false) -> LoadOutcome {
    guard let data = readInput(path) else { return LoadOutcome(path: path, document: nil, issues: [], readable: false) }
    do {
        let document = try TopologyLoader.load(data, issueLimit: everyIssue ? nil : printedIssueLimit)
        return LoadOutcome(path: path, document: document, issues: document.warnings, readable: true,
                           omittedWarnings: document.omittedWarnings)
    } catch {
        return LoadOutcome(path: path, document: nil, issues: error.issues, readable: true,
                           omittedErrors: error.omittedErrors, omittedWarnings: error.omittedWarnings)
    }
}

/// `FILE:LINE:COLUMN: error: PATH: CODE: MESSAGE` (`warning:` for a warning).
func issueLine(_ path: String, _ issue: TopologyIssue) -> String {
    var text = path == "-" ? "stdin" : path
    if let location = issue.location { text += ":\(location.line):\(location.column)" }
    text += ": \(issue.severity.rawValue): "
    if !issue.path.isEmpty { text += "\(issue.path): " }
    return text + "\(issue.code): \(issue.message)"
}

/// Prints the outcome's issues to standard error: at most ``printedIssueLimit``, then how many more,
/// then the error count when there are errors.
func printIssues(_ outcome: LoadOutcome) {
    for issue in outcome.issues.prefix(printedIssueLimit) { printError(issueLine(outcome.path, issue)) }
    let more = outcome.issues.count - min(outcome.issues.count, printedIssueLimit) + outcome.omitted
    if more > 0 {
        printError("… and \(more) more (`transit-bgp validate --json` lists them all)")
    }
    if outcome.document == nil && outcome.readable {
        printError("\(outcome.path == "-" ? "stdin" : outcome.path): \(outcome.errors) error\(outcome.errors == 1 ? "" : "s")")
    }
}

/// Loads a topology, printing every problem (and warning) to standard error.
func loadDocument(_ path: String) -> TopologyDocument? {
    let outcome = loadOutcome(path)
    printIssues(outcome)
    return outcome.document
}

/// The JSON shapes of the command line. Enums are stable snake_case codes.
enum CommandJSON {
    /// `{"schema_version": 2, "command": VERB, …members}`.
    static func envelope(_ command: String, _ members: [(key: String, value: JSONOutput)]) -> JSONOutput {
        .object([("schema_version", .int(jsonSchemaVersion)), ("command", .string(command))] + members)
    }

    /// Puts `schema_version` and `command` in front of an object some other part prints.
    static func envelope(_ command: String, wrapping value: JSONOutput) -> JSONOutput {
        if case .object(let members) = value { return envelope(command, members) }
        return envelope(command, [("result", value)])
    }

    static func issue(_ issue: TopologyIssue) -> JSONOutput {
        .object([
            ("severity", .string(issue.severity.rawValue)),
            ("code", .string(issue.code)),
            ("path", .string(issue.path)),
            ("line", issue.location.map { .int($0.line) } ?? .null),
            ("column", issue.location.map { .int($0.column) } ?? .null),
            ("message", .string(issue.message)),
        ])
    }

    /// The most issues of one file held and sorted into file order by `validate --json`; past it
    /// the issues are written as the reader finds them (``TopologyLoader/load(_:streamingPast:to:)``).
    static let heldIssues = 1_000

    /// `validate --json FILE...`: the envelope, then each file with every issue, written as the
    /// loader finds them: a file can have hundreds of thousands of issues, and none is kept. The
    /// counts and `valid` follow the issues (they are known only at the end). Returns the status.
    static func writeValidation(_ files: [String], strict: Bool) -> Int32 {
        var writer = JSONStreamWriter(flush: writeOutput)
        var valid = true, failed = false
        writer.beginObject()
        writer.key("schema_version"); writer.write(.int(jsonSchemaVersion))
        writer.key("command"); writer.write(.string("validate"))
        writer.key("files")
        writer.beginArray(scalars: false)
        for path in files {
            writer.beginObject()
            writer.key("file"); writer.write(.string(path))
            let data = readInput(path)
            writer.key("readable"); writer.write(.bool(data != nil))
            writer.key("issues")
            writer.beginArray(scalars: false)
            var result = TopologyLoader.StreamedLoad(document: nil, errors: 0, warnings: 0, modelChecked: false)
            if let data {
                result = TopologyLoader.load(data, streamingPast: heldIssues) { writeIssue($0, to: &writer) }
            }
            writer.endArray()
            writer.key("valid"); writer.write(.bool(result.document != nil))
            writer.key("errors"); writer.write(.int(result.errors))
            writer.key("warnings"); writer.write(.int(result.warnings))
            writer.key("model_checked"); writer.write(.bool(result.modelChecked))
            writer.endObject()
            valid = valid && result.document != nil
            failed = failed || result.document == nil || (strict && result.warnings > 0)
        }
        writer.endArray()
        writer.key("valid"); writer.write(.bool(valid))
        writer.endObject()
        writer.finish()
        writeOutput(Array("\n".utf8))
        return failed ? 1 : 0
    }

    /// One issue as ``issue(_:)`` shapes it, written member by member (no tree per issue).
    static func writeIssue(_ issue: TopologyIssue, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.key("severity"); writer.write(.string(issue.severity.rawValue))
        writer.key("code"); writer.write(.string(issue.code))
        writer.key("path"); writer.write(.string(issue.path))
        writer.key("line"); writer.write(issue.location.map { .int($0.line) } ?? .null)
        writer.key("column"); writer.write(issue.location.map { .int($0.column) } ?? .null)
        writer.key("message"); writer.write(.string(issue.message))
        writer.endObject()
    }

    static func file(_ outcome: LoadOutcome, withIssues: Bool = true) -> [(key: String, value: JSONOutput)] {
        [
            ("file", .string(outcome.path)),
            ("readable", .bool(outcome.readable)),
            ("valid", .bool(outcome.document != nil)),
            ("errors", .int(outcome.errors)),
            ("warnings", .int(outcome.warnings)),
        ] + (withIssues ? [("issues", .array(outcome.issues.map(issue)))] : [])
    }

    /// `explain`'s answer. The reasons are text in the engine today; this is the one place that
    /// encodes them, so that turning them into codes changes one function.
    static func explanation(_ explanation: Explanation) -> JSONOutput {
        envelope("explain", [
            ("table", .string(explanation.table)),
            ("prefix", .string(explanation.prefix.description)),
            ("rows", .array(explanation.rows.map(TablesJSON.row))),
            ("reasons", .array(explanation.reasons.map { .object([("text", .string($0))]) })),
        ])
    }
}

/// Warnings a run finds in the model's tables (not in the file): one line per connection.
enum RunWarnings {
    /// One warning per connection whose BGP table rejected routes for the learned-route quota:
    /// how many prefixes and the quota (reference §10 item 5).
    static func quota(_ model: CloudModel, _ document: TopologyDocument) -> [TopologyIssue] {
        model.connections.keys.sorted().compactMap { id in
            let rows = model.bgpRows(connection: id)
            let rejected = Set(rows.filter { row in
                row.reason == .rejected(.quotaExceeded) || row.otherPaths.contains { $0.reason == .rejected(.quotaExceeded) }
            }.map(\.prefix))
            guard !rejected.isEmpty else { return nil }
            let quota = document.connectionRouting[id]?.learnedRouteQuota.map(String.init) ?? "unlimited"
            return TopologyIssue(
                code: "quota_exceeded", path: id, location: nil,
                message: "\(rejected.count) learned prefix\(rejected.count == 1 ? " was" : "es were") rejected over the"
                    + " learned-route quota of \(quota) (rows Rejected, reason quota_exceeded)",
                severity: .warning)
        }
    }
}

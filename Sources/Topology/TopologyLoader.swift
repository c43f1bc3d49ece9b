import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Reads a topology file. Every problem is reported at once, each with its JSON path, line:column
/// and code; a file with any error yields no document (nothing is half-loaded).
public enum TopologyLoader {
    /// Parses, reads and validates a topology.
    /// - Parameter issueLimit: the most issues kept (the first ones in file order, as far as the
    ///   reader goes in file order); the others are only counted (``TopologyLoadError/omittedErrors``).
    ///   `nil` keeps them all.
    /// - Throws: ``TopologyLoadError`` with every error (and warning) found.
    public static func load(_ bytes: [UInt8], issueLimit: Int? = nil) throws(TopologyLoadError) -> TopologyDocument {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw TopologyLoadError(issues: [TopologyIssue(code: error.code.rawValue, path: error.path,
                                                           location: error.location, message: error.message)])
        }
        let collector = IssueCollector()
        collector.limit = issueLimit
        let document = SchemaReader.read(root, issues: collector)
        let (issues, omittedErrors, omittedWarnings) = heldIssues(root, collector, document, issueLimit: issueLimit)
        guard !issues.contains(where: { $0.severity == .error }), omittedErrors == 0, var document else {
            throw TopologyLoadError(issues: issues, omittedErrors: omittedErrors, omittedWarnings: omittedWarnings)
        }
        document.warnings = issues
        document.omittedWarnings = omittedWarnings
        return document
    }

    /// The issues a collector that did not stream holds, the unknown references and (when the
    /// reader dropped nothing) the model rules' issues, in file order; past `issueLimit` counted.
    private static func heldIssues(_ root: JSONNode, _ collector: IssueCollector, _ document: TopologyDocument?,
                                   issueLimit: Int?) -> (issues: [TopologyIssue], omittedErrors: Int, omittedWarnings: Int) {
        let recorded = collector.issues
        var issues = recorded.map(topologyIssue)
        for reference in collector.references.unresolved() {
            issues.append(TopologyIssue(code: reference.code, path: reference.path, location: reference.location, message: reference.message))
        }
        // Past the issue limit the model rules are not run: which objects are half-read is no longer
        // known, and such a file has more problems than anyone reads.
        if let document, collector.omittedErrors + collector.omittedWarnings == 0 {
            // An unknown field drops nothing; a bad or missing value leaves its object half-read.
            let incomplete = recorded.filter { $0.code != .unknownField && !$0.code.isWarning }.map(\.path)
            issues += modelIssues(root, document, incomplete: incomplete)
        }
        var omittedErrors = collector.omittedErrors, omittedWarnings = collector.omittedWarnings
        issues.sort(by: TopologyLoader.fileOrder)
        if let issueLimit, issues.count > issueLimit {
            for issue in issues[issueLimit...] {
                if issue.severity == .error { omittedErrors += 1 } else { omittedWarnings += 1 }
            }
            issues.removeSubrange(issueLimit...)
        }
        return (issues, omittedErrors, omittedWarnings)
    }

    private static func topologyIssue(_ issue: DocumentIssue) -> TopologyIssue {
        TopologyIssue(code: issue.code.rawValue, path: issue.path, location: issue.location, message: issue.message,
                      severity: issue.code.isWarning ? .warning : .error)
    }

    /// The model rules' issues (``SemanticChecks``), placed with an index of every value's location.
    private static func modelIssues(_ root: JSONNode, _ document: TopologyDocument, incomplete: [String]) -> [TopologyIssue] {
        let index = LocationIndex(root)
        return SemanticChecks.check(document, incomplete: incomplete).map { issue in
            TopologyIssue(code: issue.code, path: issue.path,
                          location: issue.atKey ? index.keyLocation(of: issue.path) : index.location(of: issue.path),
                          message: issue.message, severity: issue.severity)
        }
    }

    /// What ``load(_:streamingPast:to:)`` found; the issues themselves went to its `write`.
    public struct StreamedLoad {
        /// The document, when it has no error (its ``TopologyDocument/warnings`` are empty and
        /// ``TopologyDocument/omittedWarnings`` counts the warnings written).
        public var document: TopologyDocument?
        /// The errors and warnings written.
        public var errors: Int
        public var warnings: Int
        /// Whether the model rules (``SemanticChecks``: CIDR overlaps, tunnel pairs, routing
        /// settings...) were run; they are not when the text is not JSON, when the schema has no
        /// transit router to check against, or when more than `held` errors left objects half-read
        /// (the model issues would be cascades of those errors).
        public var modelChecked: Bool

        /// An empty outcome: nothing read, nothing found.
        public init(document: TopologyDocument? = nil, errors: Int = 0, warnings: Int = 0, modelChecked: Bool = false) {
            self.document = document
            self.errors = errors
            self.warnings = warnings
            self.modelChecked = modelChecked
        }
    }

    /// Parses, reads and validates a topology, handing every issue to `write` as it goes, for an
    /// output that lists them all (`validate --json`) without keeping them.
    ///
    /// What is written, and in which order:
    /// - At most `held` issues in all: every issue, in file order (exactly ``load(_:issueLimit:)``'s
    ///   issues).
    /// - More: every parser and schema issue (syntax, type, missing and unknown fields, values,
    ///   ranges, the reader's warnings) once, in the reader's order: objects and array elements in
    ///   file order, the fields of one object in the schema's order (the first `held` are sorted
    ///   into file order); then every reference to an unknown ID; then, only when at most `held`
    ///   errors left objects half-read, the model rules' issues in file order
    ///   (``StreamedLoad/modelChecked``). A duplicate is recognised by its hash while streaming.
    public static func load(_ bytes: [UInt8], streamingPast held: Int,
                            to write: @escaping (TopologyIssue) -> Void) -> StreamedLoad {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            write(TopologyIssue(code: error.code.rawValue, path: error.path, location: error.location, message: error.message))
            return StreamedLoad(document: nil, errors: 1, warnings: 0, modelChecked: false)
        }
        let collector = IssueCollector()
        collector.stream(past: held) { write(topologyIssue($0)) }
        var document = SchemaReader.read(root, issues: collector)
        var errors = 0, warnings = 0, modelChecked = false
        func emit(_ issue: TopologyIssue) {
            if issue.severity == .error { errors += 1 } else { warnings += 1 }
            write(issue)
        }
        if !collector.isStreaming {
            let (issues, _, _) = heldIssues(root, collector, document, issueLimit: nil)
            issues.forEach(emit)
            modelChecked = document != nil
        } else {
            errors = collector.streamedErrors
            warnings = collector.streamedWarnings
            for reference in collector.references.unresolved() {
                emit(TopologyIssue(code: reference.code, path: reference.path, location: reference.location, message: reference.message))
            }
            if let checked = document, let incomplete = collector.streamedIncomplete {
                modelIssues(root, checked, incomplete: incomplete).sorted(by: fileOrder).forEach(emit)
                modelChecked = true
            }
        }
        if errors > 0 { document = nil }
        document?.warnings = []
        document?.omittedWarnings = warnings
        return StreamedLoad(document: document, errors: errors, warnings: warnings, modelChecked: modelChecked)
    }

    /// Loads from text.
    public static func load(_ text: String, issueLimit: Int? = nil) throws(TopologyLoadError) -> TopologyDocument {
        try load(Array(text.utf8), issueLimit: issueLimit)
    }

    static func fileOrder(_ a: TopologyIssue, _ b: TopologyIssue) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?): x < y || (x == y && a.code < b.code)
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a.path < b.path
        }
    }
}

/// The location of every value in a parsed document, by JSON path (to place model-level issues).
struct LocationIndex {
    private var locations: [String: SourceLocation] = [:]
    /// Where the key of every object member is, by the member's path.
    private var keyLocations: [String: SourceLocation] = [:]

    init(_ root: JSONNode) {
        visit(root, path: JSONPath.root)
    }

    private mutating func visit(_ node: JSONNode, path: String) {
        locations[path] = node.location
        switch node.value {
        case .object(let object):
            for member in object.members {
                let memberPath = JSONPath.member(member.key, of: path)
                keyLocations[memberPath] = member.keyLocation
                visit(member.value, path: memberPath)
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() { visit(element, path: JSONPath.element(i, of: path)) }
        default:
            break
        }
    }

    /// The location of the key of the member at `path`; the value's location when `path` is not a member.
    func keyLocation(of path: String) -> SourceLocation? {
        keyLocations[path] ?? location(of: path)
    }

    /// The location of `path`, or of its nearest enclosing value that exists.
    func location(of path: String) -> SourceLocation? {
        var current = path
        while true {
            if let location = locations[current] { return location }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return locations[JSONPath.root] }
            current = String(current[..<cut])
        }
    }
}

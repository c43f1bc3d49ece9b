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
        let recorded = collector.issues
        var issues = recorded.map {
            TopologyIssue(code: $0.code.rawValue, path: $0.path, location: $0.location, message: $0.message,
                          severity: $0.code.isWarning ? .warning : .error)
        }
        let unresolved = collector.references.unresolved()
        var lazyIndex: LocationIndex?
        func locations() -> LocationIndex {
            if let lazyIndex { return lazyIndex }
            let built = LocationIndex(root)
            lazyIndex = built
            return built
        }
        for reference in unresolved {
            issues.append(TopologyIssue(code: reference.code, path: reference.path,
                                        location: locations().location(of: reference.path), message: reference.message))
        }
        // Past the issue limit the model rules are not run: which objects are half-read is no longer
        // known, and such a file has more problems than anyone reads.
        if let document, collector.omittedErrors + collector.omittedWarnings == 0 {
            let index = locations()
            // An unknown field drops nothing; a bad or missing value leaves its object half-read.
            let incomplete = recorded.filter { $0.code != .unknownField && !$0.code.isWarning }.map(\.path)
            issues += SemanticChecks.check(document, incomplete: incomplete).map { issue in
                TopologyIssue(code: issue.code, path: issue.path,
                              location: issue.atKey ? index.keyLocation(of: issue.path) : index.location(of: issue.path),
                              message: issue.message, severity: issue.severity)
            }
        }
        var omittedErrors = collector.omittedErrors, omittedWarnings = collector.omittedWarnings
        issues.sort(by: TopologyLoader.fileOrder)
        if let issueLimit, issues.count > issueLimit {
            for issue in issues[issueLimit...] {
                if issue.severity == .error { omittedErrors += 1 } else { omittedWarnings += 1 }
            }
            issues.removeSubrange(issueLimit...)
        }
        guard !issues.contains(where: { $0.severity == .error }), omittedErrors == 0, var document else {
            throw TopologyLoadError(issues: issues, omittedErrors: omittedErrors, omittedWarnings: omittedWarnings)
        }
        document.warnings = issues
        document.omittedWarnings = omittedWarnings
        return document
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

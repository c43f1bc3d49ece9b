/// One problem in a topology file: where (JSON path and line:column), which rule (a stable code:
/// a document code such as `unknown_field`, or the cloud model's validation code such as
/// `tunnel_cidr_reserved`), and how bad.
public struct TopologyIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var code: String
    public var path: String
    public var location: SourceLocation?
    public var message: String
    public var severity: Severity

    public init(code: String, path: String, location: SourceLocation?, message: String, severity: Severity = .error) {
        self.code = code
        self.path = path
        self.location = location
        self.message = message
        self.severity = severity
    }

    /// `FILE-relative line:column path: code: message`, as the CLI prints it.
    public var description: String {
        var text = ""
        if let location { text += "\(location) " }
        if !path.isEmpty { text += "\(path): " }
        text += "\(code): \(message)"
        if severity == .warning { text += " (warning)" }
        return text
    }
}

/// A topology that could not be loaded: every problem found, in file order.
public struct TopologyLoadError: Error, Sendable, CustomStringConvertible {
    public var issues: [TopologyIssue]
    /// Errors found past the loader's `issueLimit`: counted, not kept.
    public var omittedErrors = 0
    /// Warnings found past the loader's `issueLimit`: counted, not kept.
    public var omittedWarnings = 0

    public init(issues: [TopologyIssue], omittedErrors: Int = 0, omittedWarnings: Int = 0) {
        self.issues = issues
        self.omittedErrors = omittedErrors
        self.omittedWarnings = omittedWarnings
    }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

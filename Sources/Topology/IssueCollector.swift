/// Collects the ``DocumentIssue``s found while a document is read, so that loading reports every
/// problem at once.
///
/// It is a class on purpose: a ``JSONReader`` hands out child readers (``JSONReader/object(_:required:)``,
/// ``JSONReader/objects(_:required:)``) that schema code keeps and passes around, and all of them
/// must add to the same list. A value type would have to be threaded through every call as
/// `inout`, which child readers stored in locals cannot do. It is `final` and not `Sendable`:
/// one collector belongs to one load on one task.
///
/// Recording the same issue twice (same code, path, location and message) keeps one, so schema
/// code may read a field more than once.
public final class IssueCollector {
    /// The issues in the order they were recorded.
    public private(set) var recorded: [DocumentIssue] = []
    /// Hash of an issue → the index in ``recorded`` of the first issue with that hash: the
    /// duplicate check costs one integer entry per issue instead of a second copy of every issue.
    private var seen: [Int: Int] = [:]
    /// The IDs defined and referenced while reading (see ``ReferenceLog``): kept here because every
    /// reader of one load already shares this collector.
    var references = ReferenceLog()

    /// Creates an empty collector.
    public init() {}

    /// The most issues kept (`nil`: all); past it issues are only counted in ``omittedErrors`` and
    /// ``omittedWarnings``, so that a file with a million problems costs no memory for them.
    public var limit: Int?
    /// Errors past ``limit``, counted and not kept.
    public private(set) var omittedErrors = 0
    /// Warnings past ``limit``, counted and not kept.
    public private(set) var omittedWarnings = 0

    /// Whether ``limit`` is reached: a further issue is only counted, so a caller may skip building
    /// its path and message (``countOmitted(_:)``).
    public var isFull: Bool { limit.map { recorded.count >= $0 } ?? false }

    /// Counts an issue past ``limit`` without keeping (or de-duplicating) it.
    public func countOmitted(_ code: DocumentIssueCode) {
        if code.isWarning { omittedWarnings += 1 } else { omittedErrors += 1 }
    }

    // MARK: Streaming

    /// Where issues go once more than ``heldIssues`` were recorded (see ``stream(past:to:)``).
    private var sink: ((DocumentIssue) -> Void)?
    /// The most issues held (and later sorted into file order) before streaming starts.
    public private(set) var heldIssues = Int.max
    /// Whether issues now go straight to the sink: the held ones were handed over (in file
    /// order) and every later one is handed over as it is recorded, in the reader's order.
    public private(set) var isStreaming = false
    /// The hashes of the issues handed over: while streaming, an issue whose hash was seen is a
    /// duplicate (one integer per issue, no copy of any issue).
    private var streamedHashes: Set<Int> = []
    /// Errors and warnings handed to the sink.
    public private(set) var streamedErrors = 0
    public private(set) var streamedWarnings = 0
    /// The paths of the handed-over errors that leave an object half-read (every error but
    /// `unknown_field`), while there are at most ``heldIssues`` of them; `nil` past that (the model
    /// rules are then not run: see ``TopologyLoader/load(_:streamingPast:to:)``).
    public private(set) var streamedIncomplete: [String]? = []

    /// Streams issues: the first `held` are kept (and sorted into file order by the caller); when
    /// one more is recorded, the kept ones go to `sink` in file order and every later one goes to
    /// `sink` as it is recorded. Memory for issues then stays bounded whatever the file holds.
    public func stream(past held: Int, to sink: @escaping (DocumentIssue) -> Void) {
        self.sink = sink
        heldIssues = held
    }

    private func handOver(_ issue: DocumentIssue) {
        if issue.code.isWarning {
            streamedWarnings += 1
        } else {
            streamedErrors += 1
            if issue.code != .unknownField, streamedIncomplete != nil {
                if streamedIncomplete!.count < heldIssues { streamedIncomplete!.append(issue.path) } else { streamedIncomplete = nil }
            }
        }
        sink?(issue)
    }

    /// Records `issue` (once); past ``limit`` it is counted, not kept (nor de-duplicated).
    public func record(_ issue: DocumentIssue) {
        if isStreaming {
            if streamedHashes.insert(issue.hashValue).inserted { handOver(issue) }
            return
        }
        if isFull {
            countOmitted(issue.code)
            return
        }
        if recorded.count >= heldIssues, sink != nil, !recorded.contains(issue) {
            isStreaming = true
            for held in issues {
                streamedHashes.insert(held.hashValue)
                handOver(held)
            }
            recorded = []
            seen = [:]
            record(issue)
            return
        }
        let hash = issue.hashValue
        if let first = seen[hash] {
            // Equal hashes: a duplicate, or (rarely) a collision, which the full comparison settles.
            if recorded[first] == issue || recorded[first...].contains(issue) { return }
        } else {
            seen[hash] = recorded.count
        }
        recorded.append(issue)
    }

    /// Records an issue.
    public func record(_ code: DocumentIssueCode, path: String, location: SourceLocation?, _ message: String) {
        record(DocumentIssue(code: code, path: path, location: location, message: message))
    }

    /// The issues in file order: by location (issues without one last), then in recording order.
    public var issues: [DocumentIssue] {
        recorded.enumerated().sorted { left, right in
            switch (left.element.location, right.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (.some, .none): return true
            case (.none, .some): return false
            default: return left.offset < right.offset
            }
        }.map(\.element)
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { recorded.isEmpty }

    /// The number of issues recorded.
    public var count: Int { recorded.count }
}

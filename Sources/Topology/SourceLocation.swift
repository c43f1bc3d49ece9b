/// A position in a topology file, as an editor shows it.
///
/// Both numbers are 1-based. `column` counts Unicode scalars from the start of the line, so a
/// tab is one column and `é` (two UTF-8 bytes) is one column. LF, CRLF and a lone CR each end a
/// line (CRLF counts once). A UTF-8 byte order mark at the start of the file is not counted.
public struct SourceLocation: Hashable, Sendable {
    /// The line, from 1.
    public var line: Int
    /// The column in Unicode scalars, from 1.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Line 1, column 1.
    public static let start = SourceLocation(line: 1, column: 1)
}

extension SourceLocation: Comparable {
    /// File order: by line, then by column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

extension SourceLocation: CustomStringConvertible {
    /// `line:column`, e.g. `12:5`.
    public var description: String { "\(line):\(column)" }
}

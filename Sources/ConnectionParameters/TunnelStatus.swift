/// A tunnel's status (seed "Status": Normal, Updating, Deleting; read-back `State` active |
/// updating | deleting, reference §6). Raw values are the API spellings.
public enum TunnelStatus: String, Sendable, Hashable, CaseIterable {
    /// "Normal" in the console, `active` in the API: the default.
    case normal = "active"
    /// "Updating": a change is being applied.
    case updating
    /// "Deleting".
    case deleting

    /// The console label: `Normal`, `Updating` or `Deleting`.
    public var consoleLabel: String {
        switch self {
        case .normal: return "Normal"
        case .updating: return "Updating"
        case .deleting: return "Deleting"
        }
    }
}

extension TunnelStatus: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}

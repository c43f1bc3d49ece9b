import CloudRouting
import ConnectionParameters

/// How a table row counts in the picture: it carries traffic, waits as a backup, or does neither.
enum FlowStatus: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// An Active TR entry or BGP row, a published destination route.
    case active
    /// A Standby entry or path (lost a tie-break; takes over when the Active one goes).
    case standby
    /// A Rejected entry or path, an unpublished destination route.
    case inactive

    /// The status of a TR entry.
    init(_ status: TransitRouterRouteStatus) {
        switch status {
        case .active: self = .active
        case .standby: self = .standby
        case .rejected: self = .inactive
        }
    }

    /// The status of a connection row.
    init(connectionStatus status: ConnectionRouteStatus) {
        switch status {
        case .active, .published: self = .active
        case .standby: self = .standby
        case .rejected, .unpublished: self = .inactive
        }
    }

    /// The word used in edge classes and labels.
    var name: String {
        switch self {
        case .active: "active"
        case .standby: "standby"
        case .inactive: "inactive"
        }
    }

    static func < (a: FlowStatus, b: FlowStatus) -> Bool { a.rawValue < b.rawValue }
}

/// The key of one flow edge: where it goes and the status of the rows it stands for.
struct FlowKey: Hashable, Comparable {
    var target: String
    var status: FlowStatus

    static func < (a: FlowKey, b: FlowKey) -> Bool { (a.target, a.status) < (b.target, b.status) }
}

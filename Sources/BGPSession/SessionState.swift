/// The six states of the BGP finite state machine (RFC 4271 §8.2.2).
///
/// The cases follow the order of §8.2.2; ``description`` gives the RFC name for logs.
public enum SessionState: Sendable, Hashable, CaseIterable {
    /// Idle: no resources are held and incoming connections are refused (RFC 4271 §8.2.2, "Idle state").
    case idle
    /// Connect: waiting for an outgoing TCP connection to complete (RFC 4271 §8.2.2, "Connect State").
    case connect
    /// Active: listening for an incoming TCP connection (RFC 4271 §8.2.2, "Active State").
    case active
    /// OpenSent: our OPEN is sent, waiting for the peer's (RFC 4271 §8.2.2, "OpenSent").
    case openSent
    /// OpenConfirm: both OPENs exchanged, waiting for a KEEPALIVE (RFC 4271 §8.2.2, "OpenConfirm State").
    case openConfirm
    /// Established: UPDATE, KEEPALIVE and NOTIFICATION flow (RFC 4271 §8.2.2, "Established State").
    case established
}

extension SessionState: CustomStringConvertible {
    /// The RFC 4271 name of the state ("OpenSent").
    public var description: String {
        switch self {
        case .idle: "Idle"
        case .connect: "Connect"
        case .active: "Active"
        case .openSent: "OpenSent"
        case .openConfirm: "OpenConfirm"
        case .established: "Established"
        }
    }
}

extension SessionState {
    /// The stable snake_case code machine-readable output uses (`open_sent`, `established`).
    public var code: String {
        switch self {
        case .idle: "idle"
        case .connect: "connect"
        case .active: "active"
        case .openSent: "open_sent"
        case .openConfirm: "open_confirm"
        case .established: "established"
        }
    }

    /// The state named by its RFC 4271 name (`OpenSent`) or its ``code`` (`open_sent`).
    public init?(name: String) {
        guard let state = SessionState.allCases.first(where: { $0.description == name || $0.code == name }) else { return nil }
        self = state
    }
}

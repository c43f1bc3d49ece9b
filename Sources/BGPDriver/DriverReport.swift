import BGPSession
import BGPWire
import NetworkPrimitives

/// What a ``SessionDriver`` tells its owner: for the log, the counters and the owner's own state.
/// Nothing here needs an answer.
public enum DriverReport: Sendable, Hashable {
    /// The machine changed state.
    case stateChanged(from: SessionState, to: SessionState)
    /// The session reached Established.
    case established(NegotiatedSession)
    /// The session fell to Idle; `wasEstablished` when it had been Established.
    case down(SessionDownReason, wasEstablished: Bool)
    /// A NOTIFICATION was written (on the session's connection or on a second one).
    case notificationSent(NotificationMessage)
    /// An UPDATE was received in Established (End-of-RIB markers excepted).
    case updateReceived(announced: Int, withdrawn: Int)
    /// RFC 7606 treat-as-withdraw: the UPDATE's announced prefixes were withdrawn instead.
    case treatedAsWithdraw(prefixes: Int)
    /// Announced prefixes whose NEXT_HOP cannot be used (RFC 4271 §5.1.3, §6.3) were withdrawn.
    case nextHopUnusable(IPv4Address, prefixes: Int)
    /// RFC 7606 §7.11 / RFC 4760 §7 "AFI/SAFI disable": the family's routes from the peer are
    /// dropped and later UPDATEs for it ignored.
    case familyDisabled(AddressFamily)
    /// The peer's End-of-RIB (RFC 4724 §2).
    case endOfRIBReceived(AddressFamily)
    /// A ROUTE-REFRESH request (RFC 2918) answered with `routes` routes.
    case routeRefreshAnswered(AddressFamily, routes: Int)
    /// The peer's Beginning / End of Route Refresh (RFC 7313 §4); `purged` stale routes at the end.
    case peerRefreshStarted(AddressFamily)
    case peerRefreshEnded(AddressFamily, purged: Int)
    /// A route that cannot be encoded for this session is withheld (RFC 8654 §4), with the reason.
    case unsendable(prefixes: Int, reason: String)
    /// A connection collision was resolved (RFC 4271 §6.8): which connection was kept and why.
    case collision(String)
    /// A second connection was refused or closed, and why.
    case secondConnectionClosed(String)
}

extension DriverReport: CustomStringConvertible {
    /// One log line.
    public var description: String {
        switch self {
        case .stateChanged(let from, let to): "\(from) -> \(to)"
        case .established(let negotiated): "Established: \(negotiated)"
        case .down(let reason, _): "session down: \(reason)"
        case .notificationSent(let notification): "NOTIFICATION sent: \(notification)"
        case .updateReceived(let announced, let withdrawn): "UPDATE received: \(announced) announced, \(withdrawn) withdrawn"
        case .treatedAsWithdraw(let count): "UPDATE treated as withdraw (RFC 7606): \(count) prefixes"
        case .nextHopUnusable(let nextHop, let count):
            "NEXT_HOP \(nextHop) cannot be used (RFC 4271 §5.1.3): \(count) prefixes not used"
        case .familyDisabled(let family): "malformed MP_REACH/MP_UNREACH: \(family) disabled (RFC 7606 §7.11)"
        case .endOfRIBReceived(let family): "End-of-RIB received (\(family))"
        case .routeRefreshAnswered(let family, let count): "ROUTE-REFRESH received (\(family)): re-sent \(count) routes"
        case .peerRefreshStarted(let family): "Beginning of Route Refresh received (\(family))"
        case .peerRefreshEnded(let family, let purged): "End of Route Refresh received (\(family)): \(purged) stale routes purged"
        case .unsendable(let count, let reason): "\(count) prefixes withheld, cannot be encoded: \(reason)"
        case .collision(let text): "connection collision: \(text)"
        case .secondConnectionClosed(let text): "second connection closed: \(text)"
        }
    }
}

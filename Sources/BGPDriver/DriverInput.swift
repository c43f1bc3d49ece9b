import BGPSession
import NetworkPrimitives

/// Every input of a ``SessionDriver`` as a value, for owners that queue or replay them (the
/// simulator); ``SessionDriver/apply(_:_:_:)`` dispatches to the matching method.
public enum DriverInput: Sendable, Hashable {
    /// A machine event from the owner (start, stop, ...).
    case event(SessionEvent)
    /// ``SessionDriver/synchronize(prefixes:_:_:)``.
    case synchronize(Set<IPv4Prefix>?)
    /// ``SessionDriver/connected(attempt:as:_:_:)``.
    case connected(attempt: ConnectionID, as: ConnectionID)
    /// ``SessionDriver/connectFailed(attempt:_:_:)``.
    case connectFailed(attempt: ConnectionID)
    /// ``SessionDriver/accepted(_:_:_:)``.
    case accepted(ConnectionID)
    /// ``SessionDriver/received(_:on:_:_:)``.
    case received([UInt8], on: ConnectionID)
    /// ``SessionDriver/closed(_:_:_:)``.
    case closed(ConnectionID)
    /// ``SessionDriver/timerExpired(_:_:_:)``.
    case timerExpired(DriverTimer)
}

extension SessionDriver {
    /// Applies one input; returns whether an accepted connection was kept (always true otherwise).
    @discardableResult
    public mutating func apply<T: SessionTransport, R: SessionRoutes>(_ input: DriverInput, _ transport: inout T, _ routes: inout R) -> Bool {
        switch input {
        case .event(let event): handle(event, &transport, &routes)
        case .synchronize(let prefixes): synchronize(prefixes: prefixes, &transport, &routes)
        case .connected(let attempt, let connection): connected(attempt: attempt, as: connection, &transport, &routes)
        case .connectFailed(let attempt): connectFailed(attempt: attempt, &transport, &routes)
        case .accepted(let connection): return accepted(connection, &transport, &routes)
        case .received(let bytes, let connection): received(bytes, on: connection, &transport, &routes)
        case .closed(let connection): closed(connection, &transport, &routes)
        case .timerExpired(let timer): timerExpired(timer, &transport, &routes)
        }
        return true
    }
}

import BGPSession

/// A TCP connection (or an outgoing attempt) as the transport names it. The transport chooses the
/// values; the driver only compares them, so a stale completion (an attempt the driver already
/// abandoned) is recognised and ignored (RFC 4271 §8.2.2, Connect: "drops the TCP connection").
public struct ConnectionID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public var description: String { "#\(rawValue)" }
}

/// The timers a ``SessionDriver`` asks its transport to run: the machine's (RFC 4271 §8, §10) and
/// the OpenSent hold timer of a second (candidate) connection waiting for its OPEN (RFC 4271 §6.8,
/// §8: "a large value", 4 minutes).
public enum DriverTimer: Sendable, Hashable, CustomStringConvertible {
    case session(SessionTimer)
    case candidateHold

    public var description: String {
        switch self {
        case .session(let timer): "\(timer)"
        case .candidateHold: "second connection's OpenSent HoldTimer"
        }
    }
}

/// What a ``SessionDriver`` needs from the world: bytes out, connections, timers, and somewhere to
/// report. The live speaker implements it over epoll sockets and its timer heap, the simulator
/// over in-memory links and its virtual clock, the unit tests with a script.
///
/// Results come back as calls on the driver: ``SessionDriver/connected(attempt:as:_:_:)``,
/// ``SessionDriver/connectFailed(attempt:_:_:)``, ``SessionDriver/accepted(_:_:_:)``,
/// ``SessionDriver/received(_:on:_:_:)``, ``SessionDriver/closed(_:_:_:)`` and
/// ``SessionDriver/timerExpired(_:_:_:)``.
public protocol SessionTransport {
    /// Starts an outgoing TCP connection to the peer and names the attempt.
    mutating func connect() -> ConnectionID
    /// Writes one encoded message on a connection.
    mutating func send(_ bytes: [UInt8], on connection: ConnectionID)
    /// Closes a connection after what was written leaves, or abandons an attempt in flight; the
    /// driver expects no further report about it.
    mutating func close(_ connection: ConnectionID)
    /// Starts `timer` (replacing a running one); its expiry comes back as ``SessionDriver/timerExpired(_:_:_:)``.
    mutating func startTimer(_ timer: DriverTimer, after duration: Duration)
    /// Stops `timer`: its expiry must no longer be reported.
    mutating func stopTimer(_ timer: DriverTimer)
    /// Something the owner may log, count or act on.
    mutating func report(_ report: DriverReport)
}

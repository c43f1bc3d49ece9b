import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Which end of a tunnel.
public enum TunnelSide: String, Sendable, Hashable, CaseIterable {
    /// The cloud side: the VPN gateway's BGP speaker, feeding the cloud model.
    case cloud
    /// The data-center router at the other end.
    case dataCenter = "data center"

    var other: TunnelSide { self == .cloud ? .dataCenter : .cloud }
}

/// One BGP speaker of a simulated tunnel: the same ``BGPDriver/SessionDriver`` the live speaker
/// runs, over the in-memory link, and (data-center side) its routes.
struct SimulatedSpeaker: Sendable {
    var driver: SessionDriver
    /// Bumped on every start or stop of a timer: an expiry of an older generation is stale.
    var timerGenerations: [DriverTimer: Int] = [:]
    var lastError: String?
    var lastLoggedDown: String?
    /// Data-center side: what it announces on this tunnel and what it received.
    var dataCenterRoutes = DataCenterRoutes()

    init(driver: SessionDriver) {
        self.driver = driver
    }

    var session: BGPSession { driver.session }
    var connection: ConnectionID? { driver.connection }
}

/// The data-center router's routes on one tunnel: what it announces, what it received.
///
/// It receives as an RFC 4271 router (reference §10 item 11), as FRR does in the lab: a path whose
/// AS_PATH contains its own AS is dropped (§9.1.2, loop detection), and so is a route whose NEXT_HOP
/// is its own address (§5.1.3; the driver checks that one with its `ownAddresses`). A dropped path
/// replaces what the peer had sent for the prefix: it is an implicit withdrawal.
struct DataCenterRoutes: SessionRoutes, Sendable {
    var announcements: [IPv4Prefix: PathAttributes] = [:]
    var received: [IPv4Prefix: PathAttributes] = [:]
    /// The router's own AS: paths that contain it are dropped.
    var localAS: ASNumber?

    init(localAS: ASNumber? = nil) {
        self.localAS = localAS
    }

    /// Whether the router keeps a path with these attributes (RFC 4271 §9.1.2: no AS_PATH loop).
    func accepts(_ attributes: PathAttributes) -> Bool {
        guard let localAS, let path = attributes.asPath else { return true }
        return !path.contains(localAS)
    }

    mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        for prefix in withdrawn { received[prefix] = nil }
        let keep = accepts(attributes)
        for prefix in announced { received[prefix] = keep ? attributes : nil }
    }

    mutating func forget(from key: RouteSessionKey) { received = [:] }
    func learnedPrefixes(from key: RouteSessionKey) -> [IPv4Prefix] { Array(received.keys) }
    func offeredPrefixes(to key: RouteSessionKey) -> [IPv4Prefix] { Array(announcements.keys) }
    func offered(_ prefix: IPv4Prefix, to key: RouteSessionKey) -> PathAttributes? { announcements[prefix] }
}

/// The simulator's ``BGPDriver/SessionTransport``: it records what the driver asks, and
/// ``RouteSimulation`` performs it on the in-memory link and the virtual clock once the driver
/// call returns. Outgoing attempts get negative IDs, connections non-negative ones.
struct SimulatedLink: SessionTransport {
    enum Command {
        case connect(attempt: Int)
        case send([UInt8], ConnectionID)
        case close(ConnectionID)
        case startTimer(DriverTimer, Duration)
        case stopTimer(DriverTimer)
        case report(DriverReport)
    }

    var nextAttempt: Int
    var commands: [Command] = []

    static func attemptID(_ attempt: Int) -> ConnectionID { ConnectionID(rawValue: -1 - attempt) }

    mutating func connect() -> ConnectionID {
        let attempt = nextAttempt
        nextAttempt += 1
        commands.append(.connect(attempt: attempt))
        return Self.attemptID(attempt)
    }

    mutating func send(_ bytes: [UInt8], on connection: ConnectionID) { commands.append(.send(bytes, connection)) }
    mutating func close(_ connection: ConnectionID) { commands.append(.close(connection)) }
    mutating func startTimer(_ timer: DriverTimer, after duration: Duration) { commands.append(.startTimer(timer, duration)) }
    mutating func stopTimer(_ timer: DriverTimer) { commands.append(.stopTimer(timer)) }
    mutating func report(_ report: DriverReport) { commands.append(.report(report)) }
}

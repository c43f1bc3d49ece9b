// A scripted transport and in-memory routes: the driver's world without sockets or clocks.

import Testing
import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import NetworkPrimitives

/// Records every request of the driver; connection IDs are handed out in order from 100.
struct ScriptedTransport: SessionTransport {
    enum Request: Equatable {
        case connect(ConnectionID)
        case send([UInt8], ConnectionID)
        case close(ConnectionID)
        case startTimer(DriverTimer, Duration)
        case stopTimer(DriverTimer)
    }

    var requests: [Request] = []
    var reports: [DriverReport] = []
    var nextID = 100

    mutating func connect() -> ConnectionID {
        defer { nextID += 1 }
        requests.append(.connect(ConnectionID(rawValue: nextID)))
        return ConnectionID(rawValue: nextID)
    }

    mutating func send(_ bytes: [UInt8], on connection: ConnectionID) { requests.append(.send(bytes, connection)) }
    mutating func close(_ connection: ConnectionID) { requests.append(.close(connection)) }
    mutating func startTimer(_ timer: DriverTimer, after duration: Duration) { requests.append(.startTimer(timer, duration)) }
    mutating func stopTimer(_ timer: DriverTimer) { requests.append(.stopTimer(timer)) }
    mutating func report(_ report: DriverReport) { reports.append(report) }

    /// Forgets what was recorded (between steps of a test).
    mutating func reset() {
        requests = []
        reports = []
    }

    var connects: [ConnectionID] { requests.compactMap { if case .connect(let id) = $0 { id } else { nil } } }
    var closes: [ConnectionID] { requests.compactMap { if case .close(let id) = $0 { id } else { nil } } }

    /// The messages written on `connection`, decoded with `options`.
    func sent(on connection: ConnectionID, options: CodecOptions = CodecOptions(fourOctetAS: true)) -> [BGPMessage] {
        requests.compactMap { request -> BGPMessage? in
            guard case .send(let bytes, let id) = request, id == connection else { return nil }
            return try? BGPMessage.decode(bytes: bytes, options: options)
        }
    }

    func notifications(on connection: ConnectionID) -> [NotificationMessage] {
        sent(on: connection).compactMap { if case .notification(let n) = $0 { n } else { nil } }
    }
}

/// Routes in memory: what the peer sent, what we offer.
struct MemoryRoutes: SessionRoutes {
    var learned: [IPv4Prefix: PathAttributes] = [:]
    var offers: [IPv4Prefix: PathAttributes] = [:]

    mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey) {
        for prefix in withdrawn { learned[prefix] = nil }
        for prefix in announced { learned[prefix] = attributes }
    }

    mutating func forget(from key: RouteSessionKey) { learned = [:] }
    func learnedPrefixes(from key: RouteSessionKey) -> [IPv4Prefix] { Array(learned.keys) }
    func offeredPrefixes(to key: RouteSessionKey) -> [IPv4Prefix] { Array(offers.keys) }
    func offered(_ prefix: IPv4Prefix, to key: RouteSessionKey) -> PathAttributes? { offers[prefix] }
}

enum DriverFixture {
    static let localID = IPv4Address(10, 0, 0, 1)
    static let peerID = IPv4Address(10, 0, 0, 2)
    static let localASN: ASNumber = 65000
    static let peerASN: ASNumber = 65001
    static let key = RouteSessionKey(connectionID: "vco-test", tunnel: 1)

    static func config(passive: Bool = false) -> SessionConfig {
        SessionConfig(localASN: localASN, routerID: localID, peerASN: peerASN, connectRetryTime: .seconds(5),
                      passive: passive, families: [.ipv4Unicast], extendedMessage: false)
    }

    static func driver(passive: Bool = false) -> SessionDriver {
        SessionDriver(config: config(passive: passive), key: key,
                      export: ExternalExport(localAS: localASN, nextHop: localID), ownAddresses: [localID])
    }

    static func peerOpen(asn: ASNumber = peerASN, identifier: IPv4Address = peerID, fourOctet: Bool = true,
                         enhanced: Bool = true) -> OpenMessage {
        var capabilities: [Capability] = [.multiprotocol(.ipv4Unicast), .routeRefresh]
        if enhanced { capabilities.append(.enhancedRouteRefresh) }
        if fourOctet { capabilities.append(.fourOctetAS(asn)) }
        guard fourOctet else {
            // A 2-octet ("OLD") speaker: no 4-octet AS capability at all.
            return OpenMessage(myASField: UInt16(asn.rawValue), holdTime: 90, identifier: identifier, capabilities: capabilities)
        }
        return OpenMessage(autonomousSystem: asn, holdTime: 90, identifier: identifier, capabilities: capabilities)
    }

    static func bytes(_ message: BGPMessage, _ options: CodecOptions = .standard) -> [UInt8] {
        try! message.encode(options: options)
    }

    static func attributes(path: [ASNumber] = [peerASN], nextHop: IPv4Address = peerID, communities: [Community] = []) -> PathAttributes {
        PathAttributes(origin: .igp, asPath: ASPath(sequence: path), nextHop: nextHop, communities: communities)
    }

    /// A driver driven to Established over an outgoing connection; returns the connection.
    static func established(
        _ driver: inout SessionDriver, _ transport: inout ScriptedTransport, _ routes: inout MemoryRoutes,
        open: OpenMessage = peerOpen()
    ) -> ConnectionID {
        driver.handle(.manualStart, &transport, &routes)
        let attempt = transport.connects.last!
        driver.connected(attempt: attempt, as: attempt, &transport, &routes)
        driver.received(bytes(.open(open)) + bytes(.keepalive), on: attempt, &transport, &routes)
        #expect(driver.session.state == .established)
        return attempt
    }
}

extension Array where Element == BGPMessage {
    var updates: [UpdateMessage] { compactMap { if case .update(let u) = $0 { u } else { nil } } }
    var refreshes: [RouteRefreshMessage] { compactMap { if case .routeRefresh(let r) = $0 { r } else { nil } } }
}

import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import NetworkPrimitives

/// Which end of a tunnel.
public enum TunnelSide: String, Sendable, Hashable, CaseIterable {
    /// The cloud side: the VPN gateway's BGP speaker, feeding the cloud model.
    case cloud
    /// The data-center router at the other end.
    case dataCenter = "data center"

    var other: TunnelSide { self == .cloud ? .dataCenter : .cloud }
}

/// One BGP speaker of a simulated tunnel: the same ``BGPSession`` machine the live speaker runs,
/// its framer and codec, the in-memory TCP connection it holds, and its routes.
struct SimulatedSpeaker: Sendable {
    var session: BGPSession
    var framer = MessageFramer()
    var codec = CodecOptions.standard
    /// The in-memory TCP connection this side holds.
    var connection: Int?
    /// The outgoing connection attempt in flight.
    var attempt: Int?
    /// Bumped on every start or stop of a timer: an expiry of an older generation is stale.
    var timerGenerations: [SessionTimer: Int] = [:]
    var lastError: String?
    var lastLoggedDown: String?
    var established = false

    /// Cloud side: what was sent to the data center (Advertise Routes).
    var export: TunnelExport?
    /// Data-center side: what it announces on this tunnel, what it sent, and what it received.
    var announcements: [IPv4Prefix: PathAttributes] = [:]
    var adjRIBOut = AdjRIBOut<IPv4Prefix>()
    var received: [IPv4Prefix: PathAttributes] = [:]

    init(config: SessionConfig) {
        self.session = BGPSession(config: config)
    }
}

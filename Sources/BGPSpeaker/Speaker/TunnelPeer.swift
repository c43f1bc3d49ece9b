import BGPSession
import BGPWire
import CloudRouting
import NetworkPrimitives

/// The live state of one tunnel's BGP session: the pure machine (`BGPSession`), the TCP connection
/// it drives, the framer, the running timers, and what was advertised (the Adj-RIB-Out).
///
/// Loop-confined: every member is read and written on the speaker's event-loop thread.
final class TunnelPeer {
    let plan: SpeakerPlan.Tunnel
    var session: BGPSession
    /// The connection the machine drives, once TCP is up.
    var connection: TCPConnection?
    /// An outgoing attempt in flight.
    var attempt: ConnectAttempt?
    /// An incoming connection that collided with ours, held until its OPEN decides (RFC 4271 §6.8).
    var candidate: TCPConnection?
    var candidateFramer = MessageFramer()
    var framer = MessageFramer()
    var codec = CodecOptions.standard
    var timers: [SessionTimer: TimerID] = [:]
    /// `transit-bgp shutdown`: stays down until `start`.
    var adminDown = false
    /// `transit-bgp tunnel … down`: the IPsec tunnel is gone, so is the session.
    var tunnelDown = false
    /// Dead peer detection found the peer silent: the tunnel is down until a session is Established again.
    var deadPeerDown = false
    /// What was last sent for each prefix (RFC 4271 §3.2 Adj-RIB-Out).
    var export: TunnelExport
    var lastError: String?
    var updatesReceived = 0
    var routeRefreshesReceived = 0

    init(plan: SpeakerPlan.Tunnel, config: SessionConfig) {
        self.plan = plan
        self.session = BGPSession(config: config)
        self.export = TunnelExport(connectionID: plan.connectionID, localASN: plan.localASN, nextHop: plan.localAddress)
    }

    var name: String { plan.name }
}

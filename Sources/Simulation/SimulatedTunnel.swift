import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// One tunnel of a simulated connection: the IPsec state both ends share, and the BGP speaker at
/// each end (absent when that end does not run BGP).
struct SimulatedTunnel: Sendable {
    let connectionID: String
    let index: Int
    /// How negotiation ends whenever it runs (the topology's proposals, keys and reachability).
    let outcome: NegotiationState
    /// `status` other than `active`: the tunnel never forwards.
    let statusBlocks: Bool
    let dpdEnabled: Bool
    let dpdTimeout: Duration
    /// The data center's router name, for the log.
    let dataCenterName: String?

    /// The IPsec SAs are up: packets can pass unless the peer is silent.
    var ipsecUp = false
    var downReason: TunnelDownReason? = .negotiating
    /// The data center has shut the tunnel down (`up: false`, `tunnel_down`).
    var adminDown = false
    /// The customer gateway stopped answering (`dpd_timeout`): packets are lost.
    var silent = false
    /// Bumped whenever the tunnel's state changes: a pending negotiation or DPD expiry of an older
    /// generation is stale.
    var generation = 0

    var cloud: SimulatedSpeaker?
    var dataCenter: SimulatedSpeaker?

    /// `vco-…/N`.
    var name: String { "\(connectionID)/\(index)" }

    /// The negotiation state now (reference §10 item 13): `phase2_succeeded` only while the SAs are
    /// up; `negotiating` while IKE runs; the outcome that failed; `peer_not_responding` once dead
    /// peer detection gave up or the data center shut the tunnel down (nothing answers IKE).
    var negotiation: NegotiationState {
        if ipsecUp { return .phase2Succeeded }
        switch downReason {
        case .negotiation(let state): return state
        case .negotiating, nil: return .negotiating
        case .dpdTimeout, .administrativelyDown, .down: return .peerNotResponding
        }
    }

    /// Whether a packet sent now reaches the other end.
    var passesPackets: Bool { ipsecUp && !silent }

    /// The speaker at one end (read only: mutate in place through ``RouteSimulation``).
    subscript(side: TunnelSide) -> SimulatedSpeaker? { side == .cloud ? cloud : dataCenter }
}

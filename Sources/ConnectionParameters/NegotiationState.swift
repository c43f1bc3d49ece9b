/// The outcome of a tunnel's IPsec negotiation as the console shows it (seed "Connection Status":
/// "Phase 2 Negotiations Succeeded", or a failure message to troubleshoot).
///
/// Raw values are stable snake_case codes; ``description`` is the console-style text.
public enum NegotiationState: String, Sendable, Hashable, CaseIterable {
    /// Phase 1 and phase 2 are established: the tunnel can carry traffic and be a next hop
    /// (reference §2: only such tunnels appear in `NextHopTunnelIdList`).
    case phase2Succeeded = "phase2_succeeded"
    /// The two ends use different pre-shared keys (seed: the tunnel cannot come up).
    case pskMismatch = "psk_mismatch"
    /// The IKE identities do not match: the peer's LocalId is not the cloud's RemoteId, or the
    /// cloud's LocalId is not the ID the peer expects (seed "LocalId", "RemoteId").
    case identityMismatch = "identity_mismatch"
    /// No common phase 1 proposal: IKE version, mode (IKEv1), encryption, authentication or DH group differ.
    case ikeProposalMismatch = "ike_proposal_mismatch"
    /// No common phase 2 proposal: IPsec encryption, authentication or PFS group differ.
    case ipsecProposalMismatch = "ipsec_proposal_mismatch"
    /// The data center gateway does not answer (not configured, or unreachable).
    case peerNotResponding = "peer_not_responding"
    /// `effect_immediately` is off and no traffic has been seen, so negotiation has not started.
    case waitingForTraffic = "waiting_for_traffic"
    /// IKE and IPsec negotiation is under way (the tunnel came up or was brought up and has not
    /// finished yet): the state of a running tunnel, never an outcome of `negotiate(cloud:…)`
    /// (reference §10 item 13: the state describes the tunnel now).
    case negotiating

    /// The stable code (the raw value).
    public var code: String { rawValue }

    /// Whether the tunnel is up (phase 2 established).
    public var isEstablished: Bool { self == .phase2Succeeded }
}

extension NegotiationState: CustomStringConvertible {
    /// Console-style text, e.g. `Phase 2 Negotiations Succeeded`.
    public var description: String {
        switch self {
        case .phase2Succeeded: return "Phase 2 Negotiations Succeeded"
        case .pskMismatch: return "Phase 1 negotiation failed: pre-shared key mismatch"
        case .identityMismatch: return "Phase 1 negotiation failed: LocalId/RemoteId mismatch"
        case .ikeProposalMismatch: return "Phase 1 negotiation failed: no matching IKE proposal"
        case .ipsecProposalMismatch: return "Phase 2 negotiation failed: no matching IPsec proposal"
        case .peerNotResponding: return "Phase 1 negotiation failed: peer not responding"
        case .waitingForTraffic: return "Not negotiated: waiting for traffic (Immediately Effective is No)"
        case .negotiating: return "Negotiating"
        }
    }
}

// The emulator's model of IKE/IPsec negotiation between a tunnel and the data center gateway.

import NetworkPrimitives

/// Decides whether a tunnel comes up against the data center's settings, and if not, why.
///
/// The checks run in this order and the first failure wins:
/// 1. `onPremises` is `nil` or not ``OnPremisesTunnelSettings/reachable`` → ``NegotiationState/peerNotResponding``.
/// 2. `connection.effectImmediately` is false and `trafficSeen` is false → ``NegotiationState/waitingForTraffic``
///    (seed "Immediately Effective": No = negotiate only when traffic is detected).
/// 3. The keys differ (the cloud side's key is ``IPsecConnection/effectivePSK(of:)``) →
///    ``NegotiationState/pskMismatch`` (seed: both ends must use the same pre-shared key).
/// 4. Phase 1 proposals differ: IKE version, encryption, authentication or DH group, or the mode
///    when either end uses IKEv1 → ``NegotiationState/ikeProposalMismatch``. IKEv2 has no
///    main/aggressive modes (RFC 7296), so the mode is ignored when both ends use IKEv2.
/// 5. Identities differ → ``NegotiationState/identityMismatch``: the data center's LocalId
///    (default: the customer gateway IP) must equal the cloud's RemoteId (default: the same), and
///    a RemoteId set on the data center must equal the cloud's LocalId (its configured `local_id`,
///    else the tunnel's ``TunnelOptions/gatewayAddress``; when neither is known the check is
///    skipped). FQDNs compare without regard to ASCII case.
/// 6. Phase 2 proposals differ: encryption, authentication or PFS group (`disabled` against a
///    group is a mismatch) → ``NegotiationState/ipsecProposalMismatch``.
/// 7. Otherwise ``NegotiationState/phase2Succeeded``.
///
/// Lifetimes never cause a failure: each SA uses the lower of the two lifetimes (the usual
/// responder behaviour: IKEv1 responders accept a proposal with a shorter or equal lifetime, and
/// in IKEv2 each end rekeys on its own timer, RFC 7296 §2.8). Protected Data Flows traffic selectors,
/// DPD and NAT traversal settings are not compared.
///
/// - Parameters:
///   - cloud: the tunnel on the Alibaba Cloud side.
///   - connection: the connection the tunnel belongs to (its ID seeds the default key).
///   - gateway: the tunnel's customer gateway.
///   - onPremises: the data center's settings for this tunnel; `nil` = not configured.
///   - trafficSeen: whether interesting traffic has been seen (matters only when
///     `effect_immediately` is off).
public func negotiate(
    cloud: TunnelOptions,
    connection: IPsecConnection,
    gateway: CustomerGateway,
    onPremises: OnPremisesTunnelSettings?,
    trafficSeen: Bool = false
) -> NegotiationState {
    guard let peer = onPremises, peer.reachable else { return .peerNotResponding }
    if !connection.effectImmediately && !trafficSeen { return .waitingForTraffic }
    if connection.effectivePSK(of: cloud) != peer.psk { return .pskMismatch }

    let ike = cloud.ike
    let modeMatters = ike.version == .ikev1 || peer.ikeVersion == .ikev1
    if ike.version != peer.ikeVersion || (modeMatters && ike.mode != peer.ikeMode)
        || ike.encryption != peer.ikeEncryption || ike.authentication != peer.ikeAuthentication
        || ike.dhGroup != peer.ikeDHGroup
    {
        return .ikeProposalMismatch
    }

    let peerLocalID = peer.localID ?? gateway.ipAddress.description
    if !identitiesMatch(peerLocalID, ike.effectiveRemoteID(gateway: gateway)) { return .identityMismatch }
    if let expected = peer.remoteID {
        let cloudLocalID = ike.localID ?? cloud.gatewayAddress?.description
        if let cloudLocalID, !identitiesMatch(expected, cloudLocalID) { return .identityMismatch }
    }

    let ipsec = cloud.ipsec
    if ipsec.encryption != peer.ipsecEncryption || ipsec.authentication != peer.ipsecAuthentication
        || ipsec.pfs != peer.ipsecPFS
    {
        return .ipsecProposalMismatch
    }
    return .phase2Succeeded
}

/// Whether two IKE identities are the same: equal text, ignoring ASCII case (FQDNs are
/// case-insensitive, RFC 4343; dotted quads have no letters).
private func identitiesMatch(_ lhs: String, _ rhs: String) -> Bool {
    lhs == rhs || lhs.lowercased() == rhs.lowercased()
}

// The negotiation table: one row per NegotiationState, plus the rules for lifetimes, modes and identities.

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("Negotiation")
struct NegotiationTests {
    let connection = ConfigFixtures.connection()
    let gateway = ConfigFixtures.gateway1
    var cloud: TunnelOptions { connection.tunnels[0] }
    var matching: OnPremisesTunnelSettings {
        OnPremisesTunnelSettings(mirroring: cloud, connection: connection, gateway: gateway)
    }

    func run(
        _ peer: OnPremisesTunnelSettings?, cloud: TunnelOptions? = nil, connection: IPsecConnection? = nil,
        trafficSeen: Bool = false
    ) -> NegotiationState {
        negotiate(
            cloud: cloud ?? self.cloud, connection: connection ?? self.connection, gateway: gateway,
            onPremises: peer, trafficSeen: trafficSeen)
    }

    // MARK: One row per state

    @Test func matchingSettingsSucceed() {
        #expect(run(matching) == .phase2Succeeded)
        #expect(run(matching).isEstablished)
    }

    @Test func missingPeerIsNotResponding() {
        #expect(run(nil) == .peerNotResponding)
    }

    @Test func unreachablePeerIsNotResponding() {
        var peer = matching
        peer.reachable = false
        #expect(run(peer) == .peerNotResponding)
        var lazy = connection
        lazy.effectImmediately = false
        #expect(run(peer, connection: lazy) == .peerNotResponding)  // unreachable is checked first
    }

    @Test func notImmediatelyEffectiveWaitsForTraffic() {
        var lazy = connection
        lazy.effectImmediately = false
        #expect(run(matching, connection: lazy) == .waitingForTraffic)
        #expect(run(matching, connection: lazy, trafficSeen: true) == .phase2Succeeded)
        #expect(!NegotiationState.waitingForTraffic.isEstablished)
    }

    @Test func differentKeysArePSKMismatch() {
        var peer = matching
        peer.psk = "other"
        #expect(run(peer) == .pskMismatch)
    }

    @Test func defaultKeyIsTheDeterministicOne() {
        #expect(cloud.ike.psk == nil)
        #expect(matching.psk == PreSharedKey.generate(seed: "vco-1/tunnel1"))
    }

    @Test("any phase 1 difference is an IKE proposal mismatch", arguments: 0..<4)
    func phase1DifferenceIsIKEProposalMismatch(which: Int) {
        var peer = matching
        switch which {
        case 0: peer.ikeVersion = .ikev1
        case 1: peer.ikeEncryption = .aes256
        case 2: peer.ikeAuthentication = .sha256
        default: peer.ikeDHGroup = .group14
        }
        #expect(run(peer) == .ikeProposalMismatch)
    }

    @Test func modeMattersOnlyForIKEv1() {
        var peer = matching
        peer.ikeMode = .aggressive
        #expect(run(peer) == .phase2Succeeded)  // IKEv2 has no modes
        var v1 = cloud
        v1.ike.version = .ikev1
        peer.ikeVersion = .ikev1
        #expect(run(peer, cloud: v1) == .ikeProposalMismatch)
        peer.ikeMode = .main
        #expect(run(peer, cloud: v1) == .phase2Succeeded)
    }

    @Test("any phase 2 difference is an IPsec proposal mismatch", arguments: 0..<3)
    func phase2DifferenceIsIPsecProposalMismatch(which: Int) {
        var peer = matching
        switch which {
        case 0: peer.ipsecEncryption = .aes192
        case 1: peer.ipsecAuthentication = .sha512
        default: peer.ipsecPFS = .disabled
        }
        #expect(run(peer) == .ipsecProposalMismatch)
    }

    @Test func identityMismatch() {
        var peer = matching
        peer.localID = "dc.example.com"  // the cloud expects the customer gateway IP
        #expect(run(peer) == .identityMismatch)
        var cloudExpectingFQDN = cloud
        cloudExpectingFQDN.ike.remoteID = "DC.example.com"
        #expect(run(peer, cloud: cloudExpectingFQDN) == .phase2Succeeded)  // FQDNs ignore case
        var expectsOther = matching
        expectsOther.remoteID = "cloud.example.com"
        var withLocalID = cloud
        withLocalID.ike.localID = "other.example.com"
        #expect(run(expectsOther, cloud: withLocalID) == .identityMismatch)
        withLocalID.ike.localID = "cloud.example.com"
        #expect(run(expectsOther, cloud: withLocalID) == .phase2Succeeded)
    }

    @Test func peerRemoteIDIsComparedWithTheTunnelAddress() {
        var tunnel = cloud
        tunnel.gatewayAddress = ConfigFixtures.ip("47.0.0.1")
        var peer = matching
        peer.remoteID = "47.0.0.1"
        #expect(run(peer, cloud: tunnel) == .phase2Succeeded)
        peer.remoteID = "47.0.0.2"
        #expect(run(peer, cloud: tunnel) == .identityMismatch)
        #expect(run(peer) == .phase2Succeeded)  // address unknown: not checked
    }

    // MARK: Precedence and lifetimes

    @Test func pskIsCheckedBeforeProposals() {
        var peer = matching
        peer.psk = "other"
        peer.ikeEncryption = .des
        peer.ipsecPFS = .disabled
        #expect(run(peer) == .pskMismatch)
        peer.psk = matching.psk
        #expect(run(peer) == .ikeProposalMismatch)
    }

    @Test func lifetimesNeedNotMatch() {
        var peer = matching
        peer.ikeLifetime = 28800
        peer.ipsecLifetime = 3600
        #expect(run(peer) == .phase2Succeeded)
    }

    @Test func stateCodesAndDescriptions() {
        #expect(NegotiationState.allCases.map(\.code) == [
            "phase2_succeeded", "psk_mismatch", "identity_mismatch", "ike_proposal_mismatch",
            "ipsec_proposal_mismatch", "peer_not_responding", "waiting_for_traffic", "negotiating",
        ])
        #expect(NegotiationState.phase2Succeeded.description == "Phase 2 Negotiations Succeeded")
        #expect(Set(NegotiationState.allCases.map(\.description)).count == NegotiationState.allCases.count)
    }

    @Test func onPremisesDefaultsMirrorTheVendorDefaults() {
        let peer = OnPremisesTunnelSettings(psk: "k")
        #expect(peer.ikeVersion == .ikev2 && peer.ikeMode == .main && peer.ikeEncryption == .aes)
        #expect(peer.ikeAuthentication == .sha1 && peer.ikeDHGroup == .group2 && peer.ikeLifetime == 86400)
        #expect(peer.ipsecEncryption == .aes && peer.ipsecAuthentication == .sha1 && peer.ipsecPFS == .group2)
        #expect(peer.ipsecLifetime == 86400 && peer.localID == nil && peer.remoteID == nil && peer.reachable)
    }
}

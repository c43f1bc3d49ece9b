import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// What `transit-bgp speak` runs, read from a topology: one BGP session per BGP-enabled tunnel.
public struct SpeakerPlan: Sendable {
    /// One tunnel's session: the cloud side binds `localAddress` and peers with the customer
    /// gateway at `peerAddress` (the other usable address of the tunnel's /30).
    public struct Tunnel: Sendable, Hashable {
        public var connectionID: String
        public var index: Int
        public var localAddress: IPv4Address
        public var peerAddress: IPv4Address
        /// `tunnel_bgp_config.local_asn`.
        public var localASN: ASNumber
        /// The customer gateway's ASN: the only one accepted in the peer's OPEN (else Bad Peer AS).
        public var peerASN: ASNumber
        /// The customer gateway's BGP auth key: the TCP MD5 key (RFC 2385).
        public var authKey: String?
        /// `enable_dpd` / `dpd_timeout`: how long the peer may be silent before the tunnel is
        /// declared dead (``TCPOptions/deadPeerTimeout``); `nil` when DPD is off.
        public var deadPeerTimeout: Duration?

        /// `vco-…/N`, as the control commands name a tunnel.
        public var name: String { "\(connectionID)/\(index)" }
    }

    public var tunnels: [Tunnel]
    /// Tunnels that cannot speak BGP, with the reason (no gateway ASN, BGP disabled, no BGP config).
    public var skipped: [String]

    /// The plan of a loaded topology.
    public init(document: TopologyDocument) {
        let gateways = Dictionary(document.customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var tunnels: [Tunnel] = []
        var skipped: [String] = []
        for connection in document.connections.sorted(by: { $0.id < $1.id }) {
            guard connection.enableTunnelsBGP else {
                skipped.append("\(connection.id): BGP is not enabled (enable_tunnels_bgp)")
                continue
            }
            for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) {
                let name = "\(connection.id)/\(tunnel.index)"
                guard let bgp = tunnel.bgp else {
                    skipped.append("\(name): no tunnel_bgp_config")
                    continue
                }
                guard let gateway = gateways[tunnel.customerGatewayID], let asn = gateway.asn else {
                    skipped.append("\(name): customer gateway \(tunnel.customerGatewayID) has no BGP ASN")
                    continue
                }
                tunnels.append(Tunnel(
                    connectionID: connection.id, index: tunnel.index, localAddress: bgp.localBGPIP,
                    peerAddress: bgp.peerBGPIP, localASN: bgp.localASN, peerASN: asn, authKey: gateway.bgpAuthKey,
                    deadPeerTimeout: tunnel.dpdEnabled ? .seconds(tunnel.dpdTimeoutSeconds) : nil))
            }
        }
        self.tunnels = tunnels
        self.skipped = skipped
    }
}

// The cloud's IPsec end of a lab or an emulated gateway as strongSwan configuration: the VPN
// gateway's side of every tunnel of one ``OnPremisesConfig`` (the data center's side is
// ``StrongSwanConfig``, as the console's download prints it).

import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// The cloud side of one tunnel: where its IKE runs and who starts it.
public struct CloudTunnelEnd: Sendable, Hashable {
    /// The tunnel's index in its connection (1 or 2).
    public var index: Int
    /// The VPN gateway's address for this tunnel (the topology's `gateway_ip`, or one the lab chose).
    public var gatewayAddress: IPv4Address
    /// A CHILD_SA `reqid` unique in the cloud's charon (kernel-libipsec keeps policies by reqid).
    public var reqid: Int
    /// The cloud initiates when the data center's configuration cannot (it has no gateway address:
    /// `remote_addrs = %any`, `start_action = none`); otherwise the data center does.
    public var cloudInitiates: Bool

    public init(index: Int, gatewayAddress: IPv4Address, reqid: Int, cloudInitiates: Bool) {
        self.index = index
        self.gatewayAddress = gatewayAddress
        self.reqid = reqid
        self.cloudInitiates = cloudInitiates
    }
}

/// Prints the cloud's side of a connection's tunnels as `swanctl.conf` sections (strongSwan 5.9,
/// kernel-libipsec): the mirror image of ``StrongSwanConfig``, with the same proposals, lifetimes,
/// identities, DPD and pre-shared key, and these choices of the emulation:
///
/// - traffic selectors: the tunnel's BGP /30 endpoints (`/32` each), plus the protected subnets in
///   Protected Data Flows mode. As responder, strongSwan narrows the data center's 0.0.0.0/0 to them
///   (RFC 7296 §2.9), so each tunnel's SA carries its BGP session and libipsec routes only those
///   addresses into its TUN device: two 0.0.0.0/0 tunnels would route the ESP packets of the second
///   tunnel back into it (a loop);
/// - one initiator: the side that knows the other's address. The data center initiates when its
///   configuration names the gateway (`start_action = start`); then the cloud only answers
///   (`start_action = none`, `dpd_action = clear`). Both initiating multiplies the SAs after every
///   outage. A fixed `reqid` per tunnel;
/// - `updown`: the script that tells the speaker a tunnel's CHILD_SA came up or went away.
public enum StrongSwanCloudConfig {
    /// The `connections` and `secrets` entries (one level of indentation inside each), in tunnel order.
    public static func sections(
        _ config: OnPremisesConfig, ends: [CloudTunnelEnd], updown: String?
    ) -> (connections: [String], secrets: [String]) {
        var connections: [String] = []
        var secrets: [String] = []
        for tunnel in config.tunnels.sorted(by: { $0.index < $1.index }) {
            guard let end = ends.first(where: { $0.index == tunnel.index }) else { continue }
            let settings = tunnel.settings
            let name = connectionName(config.connectionID, tunnel.index)
            let ikev1 = settings.ikeVersion == .ikev1
            let localID = tunnel.remoteID ?? end.gatewayAddress.description
            var lines = ["\(name) {", "    version = \(ikev1 ? 1 : 2)"]
            if ikev1 && settings.ikeMode == .aggressive { lines.append("    aggressive = yes") }
            lines += [
                "    local_addrs = \(end.gatewayAddress)",
                "    remote_addrs = \(tunnel.localAddress)",
                "    proposals = \(StrongSwanConfig.ikeProposal(settings))",
            ]
            lines += ikev1 ? ["    rekey_time = 0s", "    reauth_time = \(settings.ikeLifetime)s"]
                : ["    rekey_time = \(settings.ikeLifetime)s"]
            if tunnel.dpdEnabled {
                lines.append("    dpd_delay = \(StrongSwanConfig.dpdDelay(timeoutSeconds: tunnel.dpdTimeoutSeconds))s")
                if ikev1 { lines.append("    dpd_timeout = \(tunnel.dpdTimeoutSeconds)s") }
            }
            var local = tunnel.remoteTrafficSelectors.filter { $0.length > 0 }.map(\.description)
            var remote = tunnel.localTrafficSelectors.filter { $0.length > 0 }.map(\.description)
            if let bgp = tunnel.bgp {
                local.insert("\(bgp.peerAddress)/32", at: 0)
                remote.insert("\(bgp.localAddress)/32", at: 0)
            }
            lines += [
                "    keyingtries = 0",
                "    mobike = no",
                "    local {",
                "        auth = psk",
                "        id = \(localID)",
                "    }",
                "    remote {",
                "        auth = psk",
                "        id = \(tunnel.localID)",
                "    }",
                "    children {",
                "        \(name) {",
                "            local_ts = \(local.joined(separator: ", "))",
                "            remote_ts = \(remote.joined(separator: ", "))",
                "            esp_proposals = \(StrongSwanConfig.espProposal(settings))",
                "            rekey_time = \(settings.ipsecLifetime)s",
                "            reqid = \(end.reqid)",
            ]
            if let updown { lines.append("            updown = \(updown)") }
            lines += [
                "            start_action = \(end.cloudInitiates ? "start" : "none")",
                "            dpd_action = \(end.cloudInitiates ? "restart" : "clear")",
                "        }",
                "    }",
                "}",
            ]
            connections += lines
            secrets += [
                "\(StrongSwanConfig.sectionName("ike-\(name)")) {",
                "    id-local = \(localID)",
                "    id-remote = \(tunnel.localID)",
                "    secret = \(StrongSwanConfig.quoted(settings.psk))",
                "}",
            ]
        }
        return (connections, secrets)
    }

    /// A whole swanctl.conf from the sections of several connections.
    public static func file(_ parts: [(connections: [String], secrets: [String])]) -> String {
        var lines = ["# The cloud's side (VPN gateways) of the lab's tunnels, written by transit-bgp.", "connections {"]
        for part in parts { lines += part.connections.map { "    " + $0 } }
        lines += ["}", "secrets {"]
        for part in parts { lines += part.secrets.map { "    " + $0 } }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The swanctl connection (and child) name of a tunnel: the data center's name for it, as
    /// ``StrongSwanConfig`` writes it (`vco-…-tunnel1`), so both charons' logs name it alike.
    public static func connectionName(_ connectionID: String, _ index: Int) -> String {
        StrongSwanConfig.sectionName("\(connectionID)-tunnel\(index)")
    }
}

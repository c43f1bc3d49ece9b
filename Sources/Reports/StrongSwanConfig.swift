// The data center's IPsec end as strongSwan configuration (swanctl.conf, strongSwan 5.9 as in
// Debian bookworm).

import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Prints an ``OnPremisesConfig``'s tunnels as a strongSwan `swanctl.conf`, which
/// `swanctl --load-all --file FILE` loads as is.
///
/// One IKE connection per tunnel, named `<connection>-tunnel<N>`, with one child of the same name:
/// - `version` 1 or 2 (`ike_version`), `aggressive = yes` for IKEv1 aggressive mode (with a
///   comment: strongSwan answers aggressive mode with a PSK only when strongswan.conf allows it);
/// - `proposals` / `esp_proposals`: exactly the cloud's algorithms (``ikeProposal(_:)``,
///   ``espProposal(_:)``), so negotiation cannot pick anything else;
/// - lifetimes: IKEv2 `rekey_time` = `ike_lifetime` (IKEv1 cannot rekey an IKE SA, RFC 2409, so
///   `reauth_time` instead), the child's `rekey_time` = `ipsec_lifetime`; strongSwan rekeys a little
///   before (its `rand_time`), and 0 disables rekeying;
/// - `local_addrs` = the customer gateway IP, `remote_addrs` = the tunnel's `gateway_ip`;
///   identities: `local.id` = the cloud's RemoteId (default the customer gateway IP), `remote.id`
///   = the cloud's LocalId (default the gateway IP), pre-shared-key authentication (RFC 7296 §2.15);
/// - DPD (RFC 3706; RFC 7296 liveness checks) when the cloud tunnel has it: `dpd_delay` = a third
///   of the cloud's 30 s timeout, `dpd_timeout` (IKEv1 only) = the timeout, `dpd_action = restart`
///   as the cloud re-negotiates after a DPD timeout (seed "DPD"), or `clear` on a tunnel without
///   `gateway_ip`, whose end only answers (``dpdAction(_:)``: one initiator);
/// - route-based: `if_id_in` / `if_id_out` = the tunnel index, so each tunnel's SAs belong to the
///   XFRM interface `xfrm<N>` that ``FRRConfig`` configures; traffic selectors 0.0.0.0/0 on both
///   sides (destination routing), or in Protected Data Flows mode the cloud's `remote_subnet` as
///   `local_ts` and its `local_subnet` as `remote_ts`, led by the tunnel's BGP endpoints (/32) when
///   BGP is on (``trafficSelectors(_:)``);
/// - `start_action = start` (this end initiates as well, which a connection whose
///   `effect_immediately` is off needs), `keyingtries = 0` (retry forever), `mobike = no` (the
///   cloud's address does not move);
/// - one `secrets` entry per tunnel with its pre-shared key, selected by the two identities.
///
/// A tunnel without `gateway_ip` in the topology gets `remote_addrs = %any`, `remote.id = %any`
/// (unless the cloud's LocalId is set) and `start_action = none`, with a comment: this end can only
/// answer the cloud's negotiation until the console's "Gateway IP Address" is filled in.
public enum StrongSwanConfig {
    /// The strongSwan release the output is written for (Debian bookworm's 5.9.8).
    public static let version = "5.9"

    /// The configuration text.
    /// - Throws: ``OnPremisesConfigError`` (`unsafe_value`) when a value cannot be written safely
    ///   (``OnPremisesConfig/checkWritable()``): nothing is printed then.
    public static func render(_ config: OnPremisesConfig) throws(OnPremisesConfigError) -> String {
        try config.checkWritable()
        var lines = header(config)
        lines.append("connections {")
        for (position, tunnel) in config.tunnels.enumerated() {
            if position > 0 { lines.append("") }
            lines += connection(config, tunnel).map { "    " + $0 }
        }
        lines += ["}", "", "secrets {"]
        for (position, tunnel) in config.tunnels.enumerated() {
            if position > 0 { lines.append("") }
            let name = sectionName("ike-\(config.connectionID)-tunnel\(tunnel.index)")
            lines.append("    \(name) {")
            lines.append("        id-local = \(tunnel.localID)")
            if let remote = tunnel.remoteID { lines.append("        id-remote = \(remote)") }
            lines.append("        secret = \(quoted(tunnel.settings.psk))")
            lines.append("    }")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The strongSwan encryption keyword: `aes` is AES-128 (seed "aes (aes128)").
    public static func keyword(_ algorithm: EncryptionAlgorithm) -> String {
        switch algorithm {
        case .aes: "aes128"
        case .aes192: "aes192"
        case .aes256: "aes256"
        case .des: "des"
        case .tripleDES: "3des"
        }
    }

    /// The strongSwan integrity keyword (HMAC-MD5-96, HMAC-SHA1-96, HMAC-SHA2 per RFC 4868); for
    /// IKE the PRF follows the same hash.
    public static func keyword(_ algorithm: AuthenticationAlgorithm) -> String {
        switch algorithm {
        case .md5: "md5"
        case .sha1: "sha1"
        case .sha256: "sha256"
        case .sha384: "sha384"
        case .sha512: "sha512"
        }
    }

    /// The strongSwan DH keyword: MODP groups 1, 2 (RFC 2409 §6), 5 and 14 (RFC 3526).
    public static func keyword(_ group: DHGroup) -> String {
        switch group {
        case .group1: "modp768"
        case .group2: "modp1024"
        case .group5: "modp1536"
        case .group14: "modp2048"
        }
    }

    /// The IKE proposal, e.g. `aes128-sha1-modp1024` for the vendor defaults.
    public static func ikeProposal(_ settings: OnPremisesTunnelSettings) -> String {
        [keyword(settings.ikeEncryption), keyword(settings.ikeAuthentication), keyword(settings.ikeDHGroup)]
            .joined(separator: "-")
    }

    /// The ESP proposal, e.g. `aes128-sha1-modp1024`; without the DH group when PFS is `disabled`.
    public static func espProposal(_ settings: OnPremisesTunnelSettings) -> String {
        var parts = [keyword(settings.ipsecEncryption), keyword(settings.ipsecAuthentication)]
        switch settings.ipsecPFS {
        case .disabled: break
        case .group1: parts.append(keyword(DHGroup.group1))
        case .group2: parts.append(keyword(DHGroup.group2))
        case .group5: parts.append(keyword(DHGroup.group5))
        case .group14: parts.append(keyword(DHGroup.group14))
        }
        return parts.joined(separator: "-")
    }

    /// The DPD interval: a third of the cloud's timeout (at least 1 s), so three probes fit in it.
    public static func dpdDelay(timeoutSeconds: Int) -> Int { max(1, timeoutSeconds / 3) }

    /// The comment block at the top.
    private static func header(_ config: OnPremisesConfig) -> [String] {
        var lines = [
            "# strongSwan \(version) configuration (swanctl.conf) for the data center end of IPsec connection",
            "# \(config.connectionID), generated by `transit-bgp config` (the console's \"Download Configuration\").",
            "# Route-based: each tunnel's SAs carry the XFRM interface ID of its interface (if_id_in/if_id_out);",
            "# the FRR configuration (`transit-bgp config FILE \(config.connectionID) --format frr`) sets the",
            "# interfaces' addresses and routes. Create them first (UPLINK: the interface facing the Internet):",
        ]
        for tunnel in config.tunnels {
            lines.append("#   ip link add \(tunnel.interfaceName) type xfrm dev UPLINK if_id \(tunnel.interfaceID)"
                + " && ip link set \(tunnel.interfaceName) up")
        }
        lines.append("# Load with: swanctl --load-all --file THIS_FILE")
        if ambiguous(config.tunnels) {
            lines += [
                "# Warning: the two tunnels have the same local address and identities and no known cloud",
                "# address, so strongSwan cannot tell which connection and key an incoming negotiation is for.",
                "# Fill in remote_addrs (the tunnels' Gateway IP Address in the console) to tell them apart.",
            ]
        }
        lines.append("")
        return lines
    }

    /// Whether two tunnels can only be told apart by the cloud's address, which is not known.
    private static func ambiguous(_ tunnels: [OnPremisesTunnel]) -> Bool {
        for (i, a) in tunnels.enumerated() {
            for b in tunnels[(i + 1)...] where a.localAddress == b.localAddress && a.localID == b.localID
                && a.remoteID == b.remoteID && a.remoteAddress == b.remoteAddress
            {
                return true
            }
        }
        return false
    }

    /// One `connections` entry (without its indentation).
    private static func connection(_ config: OnPremisesConfig, _ tunnel: OnPremisesTunnel) -> [String] {
        let settings = tunnel.settings
        let name = sectionName("\(config.connectionID)-tunnel\(tunnel.index)")
        let ikev1 = settings.ikeVersion == .ikev1
        var lines = [
            "\(name) {",
            "    # Tunnel \(tunnel.index) (\(tunnel.role.rawValue)): customer gateway \(tunnel.customerGatewayID),"
                + " XFRM interface \(tunnel.interfaceName).",
            "    version = \(ikev1 ? 1 : 2)",
        ]
        if ikev1 && settings.ikeMode == .aggressive {
            lines += [
                "    # IKEv1 aggressive mode with a pre-shared key: strongSwan answers it only with",
                "    # charon.i_dont_care_about_security_and_use_aggressive_mode_psk = yes in strongswan.conf.",
                "    aggressive = yes",
            ]
        }
        lines.append("    local_addrs = \(tunnel.localAddress)")
        if let remote = tunnel.remoteAddress {
            lines.append("    remote_addrs = \(remote)")
        } else {
            lines += [
                "    # The topology gives no gateway_ip for this tunnel: this end only answers the cloud's",
                "    # negotiation. Put the tunnel's Gateway IP Address (console, tunnel details) here and set",
                "    # start_action = start below so that it initiates too.",
                "    remote_addrs = %any",
            ]
        }
        lines.append("    proposals = \(ikeProposal(settings))")
        if ikev1 {
            lines += ["    rekey_time = 0s", "    reauth_time = \(settings.ikeLifetime)s"]
        } else {
            lines.append("    rekey_time = \(settings.ikeLifetime)s")
        }
        if tunnel.dpdEnabled {
            lines.append("    dpd_delay = \(dpdDelay(timeoutSeconds: tunnel.dpdTimeoutSeconds))s")
            if ikev1 { lines.append("    dpd_timeout = \(tunnel.dpdTimeoutSeconds)s") }
        }
        lines += [
            "    keyingtries = 0",
            "    mobike = no",
            "    local {",
            "        auth = psk",
            "        id = \(tunnel.localID)",
            "    }",
            "    remote {",
            "        auth = psk",
            "        id = \(tunnel.remoteID ?? "%any")",
            "    }",
            "    children {",
            "        \(name) {",
            "            local_ts = \(trafficSelectors(tunnel).local.joined(separator: ", "))",
            "            remote_ts = \(trafficSelectors(tunnel).remote.joined(separator: ", "))",
            "            esp_proposals = \(espProposal(settings))",
            "            rekey_time = \(settings.ipsecLifetime)s",
            "            if_id_in = \(tunnel.interfaceID)",
            "            if_id_out = \(tunnel.interfaceID)",
        ]
        if tunnel.dpdEnabled { lines.append("            dpd_action = \(dpdAction(tunnel))") }
        lines += [
            "            start_action = \(tunnel.remoteAddress == nil ? "none" : "start")",
            "        }",
            "    }",
            "}",
        ]
        return lines
    }

    /// The child's traffic selectors: the cloud's (0.0.0.0/0 in destination routing, the protected
    /// subnets otherwise). With BGP on Protected Data Flows subnets, the tunnel's BGP endpoints
    /// (`/32` each) come first: the session between them must match the SA's selectors too, or the
    /// tunnel drops it (RFC 4301 §4.4.1). 0.0.0.0/0 covers them already.
    static func trafficSelectors(_ tunnel: OnPremisesTunnel) -> (local: [String], remote: [String]) {
        var local = tunnel.localTrafficSelectors.map(\.description)
        var remote = tunnel.remoteTrafficSelectors.map(\.description)
        if let bgp = tunnel.bgp {
            if !tunnel.localTrafficSelectors.contains(where: { $0.length == 0 }) { local.insert("\(bgp.localAddress)/32", at: 0) }
            if !tunnel.remoteTrafficSelectors.contains(where: { $0.length == 0 }) { remote.insert("\(bgp.peerAddress)/32", at: 0) }
        }
        return (local, remote)
    }

    /// What this end does when DPD declares the cloud dead: `restart` (delete and initiate again) when
    /// it knows the gateway's address and initiates; `clear` when it only answers (`remote_addrs =
    /// %any`): a responder that restarts would initiate too, and two initiators multiply the SAs
    /// after every outage. The cloud then re-establishes the tunnel.
    static func dpdAction(_ tunnel: OnPremisesTunnel) -> String {
        tunnel.remoteAddress == nil ? "clear" : "restart"
    }

    /// A section name swanctl accepts: letters, digits, `-`, `_` and `.`; anything else becomes `_`.
    static func sectionName(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }

    /// A double-quoted swanctl string: `\` and `"` escaped, everything else literal (`$`, `#`, `{`
    /// and `'` included).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}

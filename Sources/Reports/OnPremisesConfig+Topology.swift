// Building the on-premises configuration of one connection from a loaded topology.

import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

extension OnPremisesConfig {
    /// The configuration the data center's router needs for connection `connectionID` of `document`.
    ///
    /// - The IPsec side mirrors each cloud tunnel (``OnPremisesTunnelSettings/init(mirroring:connection:gateway:)``):
    ///   its key, IKE version and mode, algorithms and lifetimes. Identities cross over: the data
    ///   center sends the cloud's RemoteId (default: the customer gateway IP) and expects the
    ///   cloud's LocalId (default: the tunnel's `gateway_ip`; seed "LocalId", "RemoteId").
    /// - The topology's data-center overrides (`psk`, `ike_version`, `up`, `reachable` on a
    ///   `data_centers` tunnel, or an `asn` other than the customer gateway's) describe a router that
    ///   is misconfigured on purpose; they are ignored: the output is what the cloud expects.
    /// - With BGP (`enable_tunnels_bgp`): one session per tunnel from the other usable address of
    ///   the tunnel's /30 to the cloud's `local_bgp_ip` (reference §10 item 10), to AS `local_asn`,
    ///   with the customer gateway's `auth_key` as TCP MD5 key; the data center's AS is the customer
    ///   gateway's `asn`. The announcements are the `data_centers` entry's, per tunnel (none without
    ///   an entry).
    /// - Without BGP, ``staticRoutes`` lists the cloud prefixes to route over the tunnels: in
    ///   Protected Data Flows mode the cloud's `local_subnet`; in destination routing mode the
    ///   Active entries of the TR route table associated with the connection's attachment whose next
    ///   hop is another attachment (what the TR forwards traffic from the data center to). An
    ///   unattached connection, or one without an associated table, gets none.
    /// - Throws: ``OnPremisesConfigError`` when the connection is unknown (the message lists the
    ///   known IDs), a tunnel's customer gateway is missing, or, with BGP, a tunnel lacks its BGP
    ///   settings, the gateways' ASNs differ or no ASN is known.
    public init(document: TopologyDocument, connectionID: String) throws(OnPremisesConfigError) {
        guard let connection = document.connections.first(where: { $0.id == connectionID }) else {
            let known = document.connections.map(\.id).sorted()
            throw OnPremisesConfigError(
                code: .unknownConnection, field: "CONNECTION", value: connectionID,
                message: "no IPsec connection '\(connectionID)' in the topology (known: "
                    + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
        }
        let gateways = Dictionary(document.customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let dataCenter = document.dataCenters.first { $0.connectionID == connection.id }
        let mode = connection.routingMode.normalized
        // Seed "Local Network" / "Remote Network": the data center's side mirrors the cloud's, swapped.
        let localSelectors = mode.remoteSubnets
        let remoteSelectors = mode.localSubnets
        let settings = document.connectionRouting[connection.id]

        let cloudTunnels = connection.tunnels.sorted { $0.index < $1.index }
        var tunnels: [OnPremisesTunnel] = []
        var pairs: [(TunnelOptions, CustomerGateway)] = []
        for tunnel in cloudTunnels {
            let field = "\(connection.id).tunnel_options_specification[tunnel_index=\(tunnel.index)]"
            guard let gateway = gateways[tunnel.customerGatewayID] else {
                throw OnPremisesConfigError(
                    code: .unknownCustomerGateway, field: field + ".customer_gateway_id", value: tunnel.customerGatewayID,
                    message: "tunnel \(tunnel.index) names customer gateway '\(tunnel.customerGatewayID)',"
                        + " which the topology does not define")
            }
            pairs.append((tunnel, gateway))
        }

        var bgp: OnPremisesBGP?
        var sessions: [Int: OnPremisesTunnelBGP] = [:]
        if connection.enableTunnelsBGP {
            let asn = try Self.dataCenterASN(connection: connection, pairs: pairs, dataCenter: dataCenter)
            for (tunnel, gateway) in pairs {
                guard let config = tunnel.bgp else {
                    throw OnPremisesConfigError(
                        code: .bgpConfigMissing,
                        field: "\(connection.id).tunnel_options_specification[tunnel_index=\(tunnel.index)].tunnel_bgp_config",
                        value: "",
                        message: "BGP is enabled (enable_tunnels_bgp) but tunnel \(tunnel.index) has no tunnel_bgp_config")
                }
                let announced = dataCenter?.tunnels.first { $0.index == tunnel.index }?.announcements ?? []
                sessions[tunnel.index] = OnPremisesTunnelBGP(
                    tunnelCIDR: config.tunnelCIDR, localAddress: config.peerBGPIP, peerAddress: config.localBGPIP,
                    peerASN: config.localASN, password: gateway.bgpAuthKey, announcements: announced)
            }
            let networks = Set(sessions.values.flatMap { $0.announcements.map(\.prefix) }).sorted()
            let routerID = cloudTunnels.first.flatMap { sessions[$0.index]?.localAddress } ?? IPv4Address(169, 254, 0, 1)
            bgp = OnPremisesBGP(asn: asn, routerID: routerID, networks: networks)
        }

        for (tunnel, gateway) in pairs {
            let mirrored = OnPremisesTunnelSettings(mirroring: tunnel, connection: connection, gateway: gateway)
            tunnels.append(OnPremisesTunnel(
                index: tunnel.index, role: tunnel.role, customerGatewayID: gateway.id,
                interfaceName: "xfrm\(tunnel.index)", interfaceID: tunnel.index,
                localAddress: gateway.ipAddress, remoteAddress: tunnel.gatewayAddress,
                localID: mirrored.localID ?? gateway.ipAddress.description,
                remoteID: mirrored.remoteID ?? tunnel.gatewayAddress?.description,
                settings: mirrored, dpdEnabled: tunnel.dpdEnabled, dpdTimeoutSeconds: tunnel.dpdTimeoutSeconds,
                localTrafficSelectors: localSelectors, remoteTrafficSelectors: remoteSelectors,
                bgp: sessions[tunnel.index]))
        }

        let hostname = Self.hostname(dataCenter?.name ?? "dc-\(connection.id)")
        self.init(
            connectionID: connection.id, hostname: hostname, routingMode: mode, tunnels: tunnels, bgp: bgp,
            staticRoutes: bgp == nil ? Self.cloudPrefixes(document: document, connection: connection) : [],
            activeStandby: settings?.activeStandby ?? false)
    }

    /// The data center's AS with BGP on: the customer gateways' (which must agree), else the
    /// `data_centers` entry's.
    private static func dataCenterASN(
        connection: IPsecConnection, pairs: [(TunnelOptions, CustomerGateway)], dataCenter: DataCenterDocument?
    ) throws(OnPremisesConfigError) -> ASNumber {
        let withASN = pairs.compactMap { pair in pair.1.asn.map { (pair.0, pair.1, $0) } }
        if let first = withASN.first, let other = withASN.first(where: { $0.2 != first.2 }) {
            throw OnPremisesConfigError(
                code: .customerGatewayASNDiffers,
                field: "\(connection.id).tunnel_options_specification[tunnel_index=\(other.0.index)].customer_gateway_id",
                value: other.1.id,
                message: "tunnel \(first.0.index)'s customer gateway \(first.1.id) is AS \(first.2.asplain) but tunnel"
                    + " \(other.0.index)'s \(other.1.id) is AS \(other.2.asplain); one data-center router has one AS,"
                    + " so both tunnels' customer gateways need the same ASN")
        }
        if let asn = withASN.first?.2 ?? dataCenter?.asn { return asn }
        let tunnel = pairs.first
        throw OnPremisesConfigError(
            code: .asnMissing, field: "customer_gateways[\(tunnel?.1.id ?? "?")].asn", value: "",
            message: "BGP is enabled on \(connection.id) but its customer gateways have no asn and no data_centers"
                + " entry gives one")
    }

    /// Without BGP, the cloud prefixes the data center routes over the tunnels (see ``init(document:connectionID:)``).
    static func cloudPrefixes(document: TopologyDocument, connection: IPsecConnection) -> [IPv4Prefix] {
        if case .protectedDataFlows(let local, _) = connection.routingMode.normalized {
            return Set(local).sorted()
        }
        guard let attachment = document.transitRouter.attachments.first(where: { $0.connectionID == connection.id }),
              let table = attachment.associatedTable
        else { return [] }
        let entries = document.model().tables.transitRouter[table] ?? []
        let prefixes = entries.filter { entry in
            entry.status == .active && entry.nextHopAttachment != nil && entry.nextHopAttachment != attachment.id
        }.map(\.prefix)
        return Set(prefixes).sorted()
    }

    /// A host name FRR and people accept: letters, digits and `-` (anything else becomes `-`).
    static func hostname(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "-" })
        return cleaned.isEmpty ? "dc" : cleaned
    }
}

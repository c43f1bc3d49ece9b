// What `transit-bgp lab up` adds for IPsec (the default; `--no-ipsec` leaves it out), worked out
// without touching the system: an underlay veth pair per data center with the gateways' and the
// customer gateways' addresses, the cloud's charon configuration, and each data center's
// configuration as `transit-bgp config --format strongswan` prints it, with the data center's
// deliberate deviations from the topology applied.

import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The IPsec part of a ``LabPlan`` (README, "Lab with IPsec").
///
/// The BGP addresses of every tunnel live on `lo` (/32) of both namespaces; the tunnels' SAs carry
/// the sessions between them (kernel-libipsec, ESP in UDP over the underlay). The data center runs
/// the generated swanctl.conf unchanged, except where the topology's `data_centers` entry says the
/// data center differs on purpose (``Deviation``).
public struct LabIPsecPlan: Sendable, Hashable {
    /// How a data center's tunnel differs from what the cloud expects (`data_centers[].tunnels[]`).
    public enum Deviation: Sendable, Hashable {
        /// `up: false`: the data center does not load the tunnel's connection.
        case shutDown
        /// `reachable: false`: the data center's gateway drops IKE and ESP (nftables on its underlay).
        case silent
        /// `psk`: the data center's secret is another.
        case otherPSK
        /// `ike_version`: the data center speaks another IKE version.
        case otherIKEVersion(IKEVersion)
    }

    /// One tunnel's IPsec.
    public struct Tunnel: Sendable, Hashable {
        /// `vco-…/N`.
        public var name: String
        /// The swanctl connection and child name on both sides (`vco-…-tunnelN`).
        public var swanctlName: String
        /// The cloud's end (VPN gateway address, reqid, who initiates).
        public var cloudEnd: CloudTunnelEnd
        /// The customer gateway's address (the data center's IKE address).
        public var customerGatewayAddress: IPv4Address
        public var deviation: Deviation?
    }

    /// One data center's underlay and configuration.
    public struct DataCenter: Sendable, Hashable {
        /// The data center's role (``LabPlan/DataCenter/role``).
        public var role: String
        /// The underlay veth end in the cloud namespace (`cK-wan`) and in the data center's (`wan`).
        public var cloudInterface: String
        public var dataCenterInterface: String
        public var tunnels: [Tunnel]
        /// The data center's swanctl.conf: the generated one, with the deviations applied.
        public var swanctlConfig: String
        /// The generated swanctl.conf (what the console's download holds).
        public var generatedConfig: String

        /// The gateway addresses on the cloud's end of the underlay.
        public var gatewayAddresses: [IPv4Address] { tunnels.map(\.cloudEnd.gatewayAddress) }
        /// The customer gateway addresses on the data center's end.
        public var customerGatewayAddresses: [IPv4Address] {
            var seen: [IPv4Address] = []
            for tunnel in tunnels where !seen.contains(tunnel.customerGatewayAddress) { seen.append(tunnel.customerGatewayAddress) }
            return seen
        }
    }

    public var dataCenters: [DataCenter]
    /// The cloud charon's swanctl.conf (every tunnel of the lab).
    public var cloudConfig: String
    /// The cloud's tunnels that only answer: loaded before the data centers' configurations (whose
    /// initiators then find them), while the ones the cloud initiates are loaded after them. An
    /// IKE_SA_INIT answered NO_PROPOSAL_CHOSEN (no configuration yet) is not retried.
    public var cloudRespondingConfig: String

    /// Every tunnel, in the plan's order.
    public var tunnels: [Tunnel] { dataCenters.flatMap(\.tunnels) }

    /// The tunnel named `vco-…/N`.
    public func tunnel(named name: String) -> Tunnel? { tunnels.first { $0.name == name } }

    /// The IPsec of `plan`. `updown` is the script the cloud's children run (nil: none).
    ///
    /// - Throws: ``LabPlanError`` when the configuration cannot be generated or when two tunnels'
    ///   gateways, or two data centers' customer gateways, would share an address.
    /// `gatewayAddresses` (`transit-bgp gateway --address`): the cloud's addresses on a real interface,
    /// tunnel N of every connection taking the N-th (the last when fewer), instead of the topology's
    /// `gateway_ip` or the lab's own; tunnels may then share one.
    public init(document: TopologyDocument, plan: LabPlan, updown: String?, gatewayAddresses: [IPv4Address] = []) throws(LabPlanError) {
        var dataCenters: [DataCenter] = []
        var cloudParts: [(connections: [String], secrets: [String])] = []
        var respondingParts: [(connections: [String], secrets: [String])] = []
        var gatewayOwners: [IPv4Address: String] = [:]
        var customerGatewayOwners: [IPv4Address: String] = [:]
        var reqid = 0
        for (position, planned) in plan.dataCenters.enumerated() {
            let config: OnPremisesConfig
            do {
                config = try OnPremisesConfig(document: document, connectionID: planned.connectionID)
            } catch {
                throw LabPlanError(code: .configuration, subject: planned.connectionID,
                                   message: "cannot generate the strongSwan configuration of \(planned.connectionID): \(error)")
            }
            let entry = document.dataCenters.first { $0.connectionID == planned.connectionID }
            var deviated = config
            var tunnels: [Tunnel] = []
            var ends: [CloudTunnelEnd] = []
            for tunnel in config.tunnels.sorted(by: { $0.index < $1.index }) {
                reqid += 1
                let name = "\(planned.connectionID)/\(tunnel.index)"
                var gateway = tunnel.remoteAddress ?? IPv4Address(198, 18, UInt8(clamping: position + 1), UInt8(clamping: tunnel.index))
                if !gatewayAddresses.isEmpty { gateway = gatewayAddresses[min(tunnel.index, gatewayAddresses.count) - 1] }
                if gatewayAddresses.isEmpty, let other = gatewayOwners[gateway] {
                    throw LabPlanError(code: .tunnelAddressConflict, subject: name,
                                       message: "tunnel \(name) has the gateway address \(gateway) like \(other); the lab's cloud namespace needs distinct ones")
                }
                gatewayOwners[gateway] = name
                let end = CloudTunnelEnd(index: tunnel.index, gatewayAddress: gateway, reqid: reqid, cloudInitiates: tunnel.remoteAddress == nil)
                ends.append(end)
                let side = entry?.tunnels.first { $0.index == tunnel.index }
                var deviation: Deviation?
                if let side {
                    if !side.up {
                        deviation = .shutDown
                    } else if !side.reachable {
                        deviation = .silent
                    } else if let psk = side.psk, psk != tunnel.settings.psk {
                        deviation = .otherPSK
                    } else if let version = side.ikeVersion, version != tunnel.settings.ikeVersion {
                        deviation = .otherIKEVersion(version)
                    }
                }
                if let at = deviated.tunnels.firstIndex(where: { $0.index == tunnel.index }) {
                    if let psk = side?.psk { deviated.tunnels[at].settings.psk = psk }
                    if let version = side?.ikeVersion { deviated.tunnels[at].settings.ikeVersion = version }
                }
                if deviation == .shutDown { deviated.tunnels.removeAll { $0.index == tunnel.index } }
                tunnels.append(Tunnel(
                    name: name, swanctlName: StrongSwanCloudConfig.connectionName(planned.connectionID, tunnel.index),
                    cloudEnd: end, customerGatewayAddress: tunnel.localAddress, deviation: deviation))
            }
            for address in Set(tunnels.map(\.customerGatewayAddress)) {
                if let other = customerGatewayOwners[address] {
                    throw LabPlanError(code: .tunnelAddressConflict, subject: planned.connectionID,
                                       message: "the data centers of \(planned.connectionID) and \(other) share the customer gateway address \(address); the lab routes each to its own namespace")
                }
                if let tunnel = gatewayOwners[address] {
                    throw LabPlanError(code: .tunnelAddressConflict, subject: planned.connectionID,
                                       message: "the customer gateway address \(address) of \(planned.connectionID) is the gateway address of \(tunnel)")
                }
                customerGatewayOwners[address] = planned.connectionID
            }
            cloudParts.append(StrongSwanCloudConfig.sections(config, ends: ends, updown: updown))
            respondingParts.append(StrongSwanCloudConfig.sections(config, ends: ends.filter { !$0.cloudInitiates }, updown: updown))
            let swanctl: String
            let generated: String
            do {
                swanctl = try StrongSwanConfig.render(deviated)
                generated = try StrongSwanConfig.render(config)
            } catch {
                throw LabPlanError(code: .configuration, subject: planned.connectionID,
                                   message: "cannot generate the strongSwan configuration of \(planned.connectionID): \(error)")
            }
            dataCenters.append(DataCenter(
                role: planned.role, cloudInterface: "c\(position + 1)-wan", dataCenterInterface: "wan", tunnels: tunnels,
                swanctlConfig: swanctl, generatedConfig: generated))
        }
        self.dataCenters = dataCenters
        cloudConfig = StrongSwanCloudConfig.file(cloudParts)
        cloudRespondingConfig = StrongSwanCloudConfig.file(respondingParts)
    }
}

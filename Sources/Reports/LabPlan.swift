// What `transit-bgp lab up` builds for a topology, worked out without touching the system: the
// namespaces, the veth pair of every tunnel with its /30, and the configuration each data center's
// bgpd loads (the generated frr.conf, minus the lines only other FRR daemons understand).

import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The live lab of a topology (README, "Lab"):
///
/// - one namespace for the cloud (role ``cloudRole``), where `transit-bgp speak` runs the cloud side
///   of every BGP tunnel;
/// - one namespace per BGP-enabled connection for its data center, where FRR's bgpd runs with the
///   configuration `transit-bgp config FILE CONNECTION --format frr` prints;
/// - one veth pair per tunnel: the cloud end carries `local_bgp_ip`, the data-center end the other
///   usable address of the /30 and the interface name of the generated configuration (`xfrmN`).
///
/// Connections without BGP are left out (``skipped``): without zebra, bgpd cannot use static routes.
public struct LabPlan: Sendable, Hashable {
    /// One tunnel: a veth pair between the cloud namespace and its data center's.
    public struct Tunnel: Sendable, Hashable {
        public var connectionID: String
        /// 1 or 2.
        public var index: Int
        /// The veth end in the cloud namespace, `cK-tunN` (K: the connection's place in the plan).
        public var cloudInterface: String
        /// The cloud's BGP address (`local_bgp_ip`).
        public var cloudAddress: IPv4Address
        /// The veth end in the data center's namespace: the generated configuration's `xfrmN`.
        public var dataCenterInterface: String
        /// The data center's BGP address: the other usable address of the /30.
        public var dataCenterAddress: IPv4Address
        /// The tunnel CIDR (`tunnel_cidr`, a /30).
        public var tunnelCIDR: IPv4Prefix
        /// How many prefixes the data center announces on this tunnel (its generated route map).
        public var announced: Int

        /// `vco-…/N`, as the control socket and `expect` blocks name a tunnel.
        public var name: String { "\(connectionID)/\(index)" }
    }

    /// One data center: a namespace with a bgpd.
    public struct DataCenter: Sendable, Hashable {
        /// The last part of its namespace's name: the `data_centers` entry's name when it is short
        /// and plain (ASCII letters, digits, `-`), else `dcK`.
        public var role: String
        /// The `data_centers` entry's name (how `expect` blocks name it); nil without an entry.
        public var name: String?
        public var connectionID: String
        /// The AS its bgpd runs (`router bgp`): the customer gateway's.
        public var asn: ASNumber
        public var tunnels: [Tunnel]
        /// The generated frr.conf, as `transit-bgp config … --format frr` prints it.
        public var frrConfig: String
        /// What bgpd loads: ``frrConfig`` through ``LabPlan/bgpdConfiguration(_:)``.
        public var bgpdConfig: String
    }

    /// The namespace role of the cloud side.
    public static let cloudRole = "cloud"

    /// The data centers, in connection-ID order.
    public var dataCenters: [DataCenter]
    /// Connections the lab leaves out, each with the reason.
    public var skipped: [String]
    /// What the topology's `data_centers` entries get wrong on purpose (a tunnel `up: false` or
    /// not `reachable`, another `psk` or `ike_version`, another `asn`, no `bgp`). With IPsec the
    /// lab reproduces the tunnel ones (``LabIPsecPlan/Deviation``); the generated FRR configuration
    /// is what the cloud expects, so another `asn` or no `bgp` are not reproduced.
    public var deliberateFaults: [String]

    /// Every tunnel of the lab, in connection then tunnel order.
    public var tunnels: [Tunnel] { dataCenters.flatMap(\.tunnels) }

    /// The lab of a loaded topology.
    ///
    /// - Throws: ``LabPlanError`` when no connection runs BGP, when two tunnels would put the same
    ///   address in the cloud namespace, or when a connection's FRR configuration cannot be built.
    public init(document: TopologyDocument) throws(LabPlanError) {
        var dataCenters: [DataCenter] = []
        var skipped: [String] = []
        var usedRoles: Set<String> = [LabPlan.cloudRole]
        var cidrs: [IPv4Prefix: String] = [:]
        for connection in document.connections.sorted(by: { $0.id < $1.id }) {
            guard connection.enableTunnelsBGP else {
                skipped.append("\(connection.id): BGP is not enabled (enable_tunnels_bgp), so there is no session to run")
                continue
            }
            let config: OnPremisesConfig
            do {
                config = try OnPremisesConfig(document: document, connectionID: connection.id)
            } catch {
                throw LabPlanError(code: .configuration, subject: connection.id,
                                   message: "cannot generate the FRR configuration of \(connection.id): \(error)")
            }
            guard let bgp = config.bgp else {
                skipped.append("\(connection.id): the generated configuration has no BGP")
                continue
            }
            let number = dataCenters.count + 1
            var tunnels: [Tunnel] = []
            for tunnel in config.tunnels.sorted(by: { $0.index < $1.index }) {
                guard let session = tunnel.bgp else {
                    throw LabPlanError(code: .configuration, subject: "\(connection.id)/\(tunnel.index)",
                                       message: "tunnel \(connection.id)/\(tunnel.index) has no BGP session in the generated configuration")
                }
                if let other = cidrs[session.tunnelCIDR] {
                    throw LabPlanError(
                        code: .tunnelAddressConflict, subject: "\(connection.id)/\(tunnel.index)",
                        message: "tunnel \(connection.id)/\(tunnel.index) uses tunnel_cidr \(session.tunnelCIDR) like \(other); "
                            + "every tunnel's cloud end lives in one namespace, so the lab needs distinct CIDRs")
                }
                cidrs[session.tunnelCIDR] = "\(connection.id)/\(tunnel.index)"
                tunnels.append(Tunnel(
                    connectionID: connection.id, index: tunnel.index, cloudInterface: "c\(number)-tun\(tunnel.index)",
                    cloudAddress: session.peerAddress, dataCenterInterface: tunnel.interfaceName,
                    dataCenterAddress: session.localAddress, tunnelCIDR: session.tunnelCIDR,
                    announced: Set(session.announcements.map(\.prefix)).count))
            }
            let name = document.dataCenters.first { $0.connectionID == connection.id }?.name
            // The data center's own name when it can be one, else `dcK` (`dcK-2`, … if a name took it).
            var role = "dc\(number)"
            if let name, LabPlan.isPlainRole(name), !usedRoles.contains(name) { role = name }
            var suffix = 2
            while usedRoles.contains(role) {
                role = "dc\(number)-\(suffix)"
                suffix += 1
            }
            usedRoles.insert(role)
            let text: String
            do {
                text = try config.rendered(as: .frr)
            } catch {
                throw LabPlanError(code: .configuration, subject: connection.id,
                                   message: "cannot generate the FRR configuration of \(connection.id): \(error)")
            }
            dataCenters.append(DataCenter(
                role: role, name: name, connectionID: connection.id, asn: bgp.asn, tunnels: tunnels,
                frrConfig: text, bgpdConfig: LabPlan.bgpdConfiguration(text)))
        }
        guard !dataCenters.isEmpty else {
            throw LabPlanError(code: .noBGPConnection, subject: "ipsec_connections",
                               message: "no connection runs BGP (enable_tunnels_bgp), so the lab would have no session"
                                   + (skipped.isEmpty ? "" : " (" + skipped.joined(separator: "; ") + ")"))
        }
        self.dataCenters = dataCenters
        self.skipped = skipped
        deliberateFaults = LabPlan.deliberateFaults(of: document, connections: Set(dataCenters.map(\.connectionID)))
    }

    /// The deliberate on-premises faults of the data centers of `connections`, one line each.
    static func deliberateFaults(of document: TopologyDocument, connections: Set<String>) -> [String] {
        var faults: [String] = []
        let gateways = Dictionary(document.customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for dataCenter in document.dataCenters where connections.contains(dataCenter.connectionID) {
            guard let connection = document.connections.first(where: { $0.id == dataCenter.connectionID }) else { continue }
            if !dataCenter.bgp { faults.append("\(dataCenter.name) does not run BGP (bgp: false)") }
            let asns = Set(connection.tunnels.compactMap { gateways[$0.customerGatewayID]?.asn })
            if !asns.isEmpty, !asns.contains(dataCenter.asn) {
                faults.append("\(dataCenter.name) runs AS \(dataCenter.asn), not the customer gateway's")
            }
            for tunnel in dataCenter.tunnels.sorted(by: { $0.index < $1.index }) {
                let cloud = connection.tunnels.first { $0.index == tunnel.index }
                let name = "\(dataCenter.name) tunnel \(tunnel.index)"
                if !tunnel.up { faults.append("\(name) is shut down (up: false)") }
                if !tunnel.reachable { faults.append("\(name) does not answer (reachable: false)") }
                if let psk = tunnel.psk, psk != cloud?.effectivePSK(connectionID: connection.id) {
                    faults.append("\(name) has another pre-shared key (psk)")
                }
                if let version = tunnel.ikeVersion, version != cloud?.ike.version {
                    faults.append("\(name) speaks \(version) (ike_version)")
                }
            }
        }
        return faults
    }

    /// The data center of a connection.
    public func dataCenter(of connectionID: String) -> DataCenter? {
        dataCenters.first { $0.connectionID == connectionID }
    }

    /// The tunnel named `vco-…/N`.
    public func tunnel(named name: String) -> Tunnel? {
        tunnels.first { $0.name == name }
    }

    /// A generated frr.conf without the lines that belong to other FRR daemons, as bgpd runs alone
    /// in the lab (no zebra, no staticd, no vtysh integrated configuration): interface addresses
    /// (the veth pairs carry them), static routes and `service integrated-vtysh-config`. Every
    /// other line is kept as generated.
    public static func bgpdConfiguration(_ frrConfig: String) -> String {
        frrConfig.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !line.hasPrefix(" ip address ") && !line.hasPrefix("ip route ") && line != "service integrated-vtysh-config"
        }.joined(separator: "\n")
    }

    /// A namespace role: 1–16 ASCII letters, digits and `-`, starting with a letter or digit.
    static func isPlainRole(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 16 else { return false }
        func plain(_ scalar: Unicode.Scalar) -> Bool {
            ("a" ... "z").contains(scalar) || ("A" ... "Z").contains(scalar) || ("0" ... "9").contains(scalar)
        }
        return plain(first) && text.unicodeScalars.allSatisfy { plain($0) || $0 == "-" }
    }
}

/// Why a topology cannot become a lab.
public struct LabPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// No connection has BGP enabled.
        case noBGPConnection = "no_bgp_connection"
        /// Two tunnels use the same tunnel CIDR (their cloud ends would share a namespace).
        case tunnelAddressConflict = "tunnel_address_conflict"
        /// A connection's FRR configuration cannot be generated (``OnPremisesConfigError``).
        case configuration = "configuration"
    }

    public var code: Code
    /// The connection, tunnel or field at fault.
    public var subject: String
    public var message: String

    public init(code: Code, subject: String, message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

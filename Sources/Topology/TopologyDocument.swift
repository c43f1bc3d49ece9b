import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// A loaded topology file: the planned (or existing) cloud configuration and the data-center side.
/// Field names follow the vendor API and Terraform (see `Topologies/README.md`).
public struct TopologyDocument: Sendable {
    public var description: String
    public var customerGateways: [CustomerGateway]
    public var connections: [IPsecConnection]
    /// Emulator settings and user routes per connection ID.
    public var connectionRouting: [String: ConnectionRoutingSettings]
    public var transitRouter: TransitRouterDocument
    public var dataCenters: [DataCenterDocument]
    /// What happens over time, in time order (file order for equal times).
    public var timeline: [TimelineEvent] = []
    /// The `expect` blocks, in file order.
    public var expectations: [Expectation] = []
    /// Timers and delays of the simulation.
    public var simulation = SimulationSettings()
    /// Problems that do not stop loading (algorithms not recommended, ASN mismatches, …).
    public var warnings: [TopologyIssue]
    /// Warnings past the loader's `issueLimit`: counted, not kept.
    public var omittedWarnings = 0
    /// The position of each gateway and connection in the file (entries that failed to read are
    /// left out of the lists above, so list positions and file positions can differ).
    var gatewayFileIndex: [Int] = []
    var connectionFileIndex: [Int] = []
    /// Every connection ID the file defines, including connections that failed to read (their
    /// problem is reported once; references to them are not "unknown" as well).
    var definedConnectionIDs: Set<String> = []
}

/// Per-connection settings beyond the vendor's fields.
public struct ConnectionRoutingSettings: Sendable, Hashable {
    /// §10 item 3: tunnel 1 preferred (active/standby) instead of ECMP.
    public var activeStandby: Bool
    /// §10 item 5: learned-route quota; `nil` is unlimited.
    public var learnedRouteQuota: Int?
    /// User routes of the destination-based table.
    public var destinationRoutes: [DestinationRoute]
    /// §10 item 1: the destination-based table first, whatever the prefix length.
    public var strictTableOrder: Bool = false
}

/// The transit router part of a topology.
public struct TransitRouterDocument: Sendable {
    public var id: String
    public var region: String
    public var routeTables: [TransitRouterRouteTable]
    public var attachments: [TransitRouterAttachment]
    public var routeMaps: [CenRouteMap]
    /// The `vpc_id` of each VPC attachment, by attachment ID.
    public var vpcIDs: [String: String] = [:]
}

/// A data-center router at the other end of one connection.
public struct DataCenterDocument: Sendable {
    public var name: String
    public var asn: ASNumber
    public var connectionID: String
    /// Whether the router runs BGP over the tunnels.
    public var bgp: Bool
    public var tunnels: [DataCenterTunnel]
}

/// What the data-center router does on one tunnel.
public struct DataCenterTunnel: Sendable {
    public var index: Int
    /// `false`: the tunnel is administratively down on the data-center side.
    public var up: Bool
    public var announcements: [DataCenterAnnouncement]
    /// On-premises IPsec settings that differ from the cloud side (`nil`: the downloaded configuration).
    public var psk: String?
    public var ikeVersion: IKEVersion?
    public var reachable: Bool
}

/// A prefix the data center announces on a tunnel, with per-tunnel preference tools.
public struct DataCenterAnnouncement: Sendable, Hashable {
    public var prefix: IPv4Prefix
    /// Extra copies of the data center's AS put in front (to make this tunnel less preferred).
    public var prepend: Int
    public var med: UInt32?
    public var communities: [Community]
    public var origin: Origin
}

// Destination routing versus Protected Data Flows (seed "Routing Mode"; reference §5).

import NetworkPrimitives

/// How the connection routes: by destination (the default) or by protected data flows.
///
/// Seed "Routing Mode": Destination Routing Mode (default) forwards by destination address;
/// Protected Data Flows forwards by source and destination and needs Local Network and Remote
/// Network CIDRs, which phase 2 negotiates. The API has no mode field: `LocalSubnet`/`RemoteSubnet`
/// both `0.0.0.0/0` means destination routing (reference §5); see ``init(localSubnets:remoteSubnets:)``.
public enum RoutingMode: Sendable, Hashable {
    /// Destination Routing Mode, the console default (API: both subnets 0.0.0.0/0).
    case destinationRouting
    /// Protected Data Flows: `local` are the Alibaba Cloud side's CIDRs (`local_subnet`), `remote`
    /// the data center's (`remote_subnet`). More than one CIDR on either side requires IKEv2.
    case protectedDataFlows(local: [IPv4Prefix], remote: [IPv4Prefix])

    /// The console default, ``destinationRouting`` (seed).
    public static let `default`: RoutingMode = .destinationRouting

    /// 0.0.0.0/0.
    static let anyPrefix = IPv4Prefix(uncheckedAddress: .any, length: 0)

    /// The mode the API's `LocalSubnet` and `RemoteSubnet` describe: destination routing when both
    /// are exactly `[0.0.0.0/0]`, Protected Data Flows otherwise (reference §5).
    public init(localSubnets: [IPv4Prefix], remoteSubnets: [IPv4Prefix]) {
        if localSubnets == [Self.anyPrefix] && remoteSubnets == [Self.anyPrefix] {
            self = .destinationRouting
        } else {
            self = .protectedDataFlows(local: localSubnets, remote: remoteSubnets)
        }
    }

    /// The same mode with `.protectedDataFlows([0.0.0.0/0], [0.0.0.0/0])` folded into
    /// ``destinationRouting`` (reference §5); route engines should switch on this.
    public var normalized: RoutingMode {
        switch self {
        case .destinationRouting: return self
        case .protectedDataFlows(let local, let remote): return RoutingMode(localSubnets: local, remoteSubnets: remote)
        }
    }

    /// The API's `LocalSubnet` list: `[0.0.0.0/0]` for destination routing.
    public var localSubnets: [IPv4Prefix] {
        switch self {
        case .destinationRouting: return [Self.anyPrefix]
        case .protectedDataFlows(let local, _): return local
        }
    }

    /// The API's `RemoteSubnet` list: `[0.0.0.0/0]` for destination routing.
    public var remoteSubnets: [IPv4Prefix] {
        switch self {
        case .destinationRouting: return [Self.anyPrefix]
        case .protectedDataFlows(_, let remote): return remote
        }
    }

    /// Whether the mode needs IKEv2 on both tunnels: more than one CIDR on either side (seed notes
    /// under Local Network and Remote Network; reference §5).
    public var requiresIKEv2: Bool {
        switch self {
        case .destinationRouting: return false
        case .protectedDataFlows(let local, let remote): return local.count > 1 || remote.count > 1
        }
    }
}

import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

func cmPrefix(_ text: String) -> IPv4Prefix {
    // Test literals are valid by construction.
    (try? IPv4Prefix(parsing: text)) ?? IPv4Prefix(masking: .any, length: 0)!
}

func cmRoute(_ prefix: String, path: [UInt32], nextHop: IPv4Address = IPv4Address(169, 254, 10, 1)) -> DataCenterRoute {
    DataCenterRoute(prefix: cmPrefix(prefix), attributes: PathAttributes(
        origin: .igp, asPath: ASPath(sequence: path.map { ASNumber(rawValue: $0) }), nextHop: nextHop))
}

/// One line per row, in a fixed format, so whole tables compare as text.
func cmRender(_ tables: CloudTables) -> [String] {
    var lines: [String] = []
    for id in tables.transitRouter.keys.sorted() {
        for e in tables.transitRouter[id] ?? [] {
            lines.append("tr/\(id) \(e.prefix) \(e.type.rawValue) \(e.nextHopAttachment ?? "blackhole") \(e.originType.rawValue) [\(e.asPath)] \(e.statusText)")
        }
    }
    for id in tables.connections.keys.sorted() {
        for (name, rows) in [("destination", tables.connections[id]!.destination), ("bgp", tables.connections[id]!.bgp)] {
            for r in rows {
                lines.append("\(id)/\(name) \(r.prefix) \(r.source.rawValue) tunnels \(r.tunnels.map(String.init).joined(separator: ",")) [\(r.asPath)] \(r.statusText)")
                for other in r.otherPaths {
                    lines.append("\(id)/\(name) \(r.prefix) \(r.source.rawValue) other path tunnel \(other.tunnel) [\(other.asPath)] \(other.statusText)")
                }
            }
        }
    }
    return lines
}

/// A TR with two VPCs and two dual-tunnel connections to two data centers (AS 65001 and 65002).
func cmTwoDataCenters(advertise: Bool = true, associate: Bool = true, propagate: Bool = true) -> CloudModel {
    var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
    let table = model.defaultTableID
    for (id, cidr) in [("tr-attach-vpc-a", "10.0.0.0/16"), ("tr-attach-vpc-b", "10.1.0.0/16")] {
        model.setAttachment(TransitRouterAttachment(
            id: id, kind: .vpc, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix(cidr))]))
    }
    for (n, asn, prefix) in [(1, UInt32(65001), "192.168.0.0/16"), (2, UInt32(65002), "172.16.0.0/16")] {
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vco-\(n)", kind: .vpn, region: "cn-hangzhou", associatedTable: associate ? table : nil,
            propagatesTo: propagate ? [table] : [], autoPublishRoutes: advertise, connectionID: "vco-\(n)"))
        let third = UInt8(n * 10)
        model.setConnection(VPNConnectionRouting(
            connectionID: "vco-\(n)", attachmentID: "tr-attach-vco-\(n)", customerASN: ASNumber(rawValue: asn),
            tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, third, 1)),
                      TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, third + 1, 1))],
            announcements: [1: [cmRoute(prefix, path: [asn])], 2: [cmRoute(prefix, path: [asn])]]))
    }
    return model
}

extension CloudModel {
    /// Runs one operation and returns the rows it changed: the ``TableChange`` view of its delta.
    mutating func changes(_ operation: (inout CloudModel) -> RoutingDelta) -> [TableChange] {
        let before = self
        let delta = operation(&self)
        return tableChanges(delta, since: before)
    }
}

import BGPSession
import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Simulation
import Topology

/// `transit-bgp-bench simulate`: what `transit-bgp simulate` does (load the file, run the topology
/// on the virtual clock to its end) for the largest bundled topology, then for a generated one with
/// 16 dual-tunnel connections whose data centers announce 100,000 prefixes in all (each over both
/// tunnels, with prepends and communities on a share of them) and 50 VPCs.
enum SimulateBenchmark {
    static func run(arguments: [String]) throws {
        let prefixCount = intOption(arguments, "--prefixes") ?? 100_000
        let connectionCount = intOption(arguments, "--connections") ?? 16
        let vpcCount = intOption(arguments, "--vpcs") ?? 50
        let folder = stringOption(arguments, "--topologies") ?? "Topologies"

        // The largest bundled topology: the most tunnels, then the most timeline events, then the name.
        var bundled: [(name: String, bytes: [UInt8], document: TopologyDocument)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)/topology.json") else { continue }
            bundled.append((name, [UInt8](data), try TopologyLoader.load([UInt8](data))))
        }
        guard let largest = bundled.max(by: { a, b in
            (a.document.connections.count, a.document.timeline.count, b.name) < (b.document.connections.count, b.document.timeline.count, a.name)
        }) else {
            throw BenchmarkError("no topology.json under \(folder)/")
        }
        var bundledEvents = 0
        let bundledSeconds = measure {
            guard let document = try? TopologyLoader.load(largest.bytes) else { return }
            var simulation = RouteSimulation(document: document)
            simulation.runToEnd()
            bundledEvents = simulation.log.count
        }
        print("simulate: bundled \(largest.name): \(largest.document.connections.count) connections, \(bundledEvents) log lines")

        let text = generatedTopology(prefixes: prefixCount, connections: connectionCount, vpcs: vpcCount)
        var loadSeconds = 0.0
        var runSeconds = 0.0
        var summary = ""
        let generatedSeconds = try measure {
            var document: TopologyDocument?
            loadSeconds = try measure { document = try TopologyLoader.load(text) }
            guard let document else { return }
            var simulation = RouteSimulation(document: document)
            runSeconds = measure { simulation.runToEnd() }
            let state = simulation.state()
            let trRows = state.tables.transitRouter.values.reduce(0) { $0 + $1.count }
            let established = state.tunnels.filter { $0.cloudBGP == .established }.count
            let received = state.tunnels.reduce(0) { $0 + $1.received }
            summary = "\(state.tunnels.count) tunnels, \(established) Established, \(received) paths received, \(trRows) TR rows, \(simulation.log.count) log lines, virtual time \(simulation.now.simulationSeconds) s"
            guard established == 2 * connectionCount, trRows == prefixCount + vpcCount else {
                throw BenchmarkError("the generated topology did not converge: \(summary)")
            }
        }
        print("simulate: generated \(prefixCount) prefixes, \(connectionCount) connections, \(vpcCount) VPCs (\(text.utf8.count) bytes of JSON): \(summary)")
        figure("simulate_s", bundledSeconds + generatedSeconds, "s")
        figure("simulate_bundled_s", bundledSeconds, "s")
        figure("simulate_generated_s", generatedSeconds, "s")
        figure("simulate_generated_load_s", loadSeconds, "s")
        figure("simulate_generated_run_s", runSeconds, "s")
    }

    /// The generated topology, as JSON text: every data center announces its share of distinct
    /// prefixes on both tunnels; a tenth of them are prepended on tunnel 2 and carry a community.
    static func generatedTopology(prefixes prefixCount: Int, connections: Int, vpcs: Int) -> String {
        let table = RealisticTable(prefixes: prefixCount, attributeSets: 1)
        let prefixes = table.allPrefixes
        var gateways: [String] = []
        var ipsec: [String] = []
        var vpnAttachments: [String] = []
        var dataCenters: [String] = []
        for c in 0 ..< connections {
            let asn = 65101 + c
            gateways.append(#"{"customer_gateway_id": "cgw-\#(c)", "ip_address": "203.0.113.\#(10 + c)", "asn": \#(asn)}"#)
            let tunnels = (1 ... 2).map { index in
                #"{"tunnel_index": \#(index), "customer_gateway_id": "cgw-\#(c)", "tunnel_bgp_config": {"tunnel_cidr": "169.254.\#(10 + c * 2 + index).0/30", "local_bgp_ip": "169.254.\#(10 + c * 2 + index).1"}, "tunnel_ike_config": {"psk": "bench-\#(c)-\#(index)"}}"#
            }
            ipsec.append(#"{"vpn_connection_id": "vco-\#(c)", "enable_tunnels_bgp": true, "learned_route_quota": null, "tunnel_options_specification": [\#(tunnels.joined(separator: ", "))]}"#)
            vpnAttachments.append(#"{"transit_router_attachment_id": "tr-attach-vco-\#(c)", "vpn_id": "vco-\#(c)"}"#)
            var common: [String] = []
            var second: [String] = []
            for (i, prefix) in prefixes.enumerated() where i % connections == c {
                if i % 10 == 0 {
                    common.append(#"{"prefix": "\#(prefix)", "communities": ["\#(asn):\#(i % 1000)"]}"#)
                    second.append(#"{"prefix": "\#(prefix)", "as_path_prepend": 2, "communities": ["\#(asn):\#(i % 1000)"]}"#)
                } else {
                    common.append(#"{"prefix": "\#(prefix)"}"#)
                }
            }
            dataCenters.append(#"{"name": "dc\#(c)", "asn": \#(asn), "vpn_connection_id": "vco-\#(c)", "announce": [\#(common.joined(separator: ","))], "tunnels": [{"tunnel_index": 2, "announce": [\#(second.joined(separator: ","))]}]}"#)
        }
        let vpcAttachments = (0 ..< vpcs).map { v in
            #"{"transit_router_attachment_id": "tr-attach-vpc-\#(v)", "vpc_id": "vpc-\#(v)", "cidr_blocks": ["10.\#(v).0.0/16"]}"#
        }
        return #"""
            {"description": "generated: \#(connections) connections, \#(prefixCount) prefixes, \#(vpcs) VPCs",
             "customer_gateways": [\#(gateways.joined(separator: ",\n"))],
             "ipsec_connections": [\#(ipsec.joined(separator: ",\n"))],
             "transit_router": {"transit_router_id": "tr-bench", "vpn_attachments": [\#(vpnAttachments.joined(separator: ",\n"))],
                                "vpc_attachments": [\#(vpcAttachments.joined(separator: ",\n"))]},
             "data_centers": [\#(dataCenters.joined(separator: ",\n"))]}
            """#
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import BGPSpeaker
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Our speaker: `transit-bgp speak TOPOLOGY --control PATH --passive` (the release build next to
/// this benchmark) with one dual-tunnel connection, BGP on, no learned-route quota, attached to a TR
/// whose default table also holds one VPC. The sender plays the data center on tunnel 1; the count
/// is the TR default table's prefixes (`show counts --json` on the control socket) minus the VPC's.
final class TransitBGPReceiver: IngestReceiver {
    let name = "transitbgp"
    let binary: String
    private(set) var pid: pid_t = 0
    private var controlPath = ""
    /// Prefixes in the TR default table before the session (the VPC CIDR).
    private var baseline = 0
    let queryCPUSeconds = 0.0
    let countDescription = "TR default table prefixes (control socket `show counts json`, in-process client), minus the VPC CIDR"

    static let connectionID = "vco-ingest"
    static let defaultTable = "vtb-default"

    init(binary: String) {
        self.binary = binary
    }

    func start(lab: IngestLab, namespace: String, directory: String) throws {
        // The speaker binds tunnel 2's address too; it stays passive, so nobody answers there.
        try lab.addAddress(namespace, "169.254.20.1/30", interface: IngestBenchmark.interface)
        let topology = "\(directory)/topology.json"
        try Data(TransitBGPReceiver.topology.utf8).write(to: URL(fileURLWithPath: topology))
        controlPath = "\(directory)/speaker.ctl"
        pid = try lab.spawn(in: namespace, [binary, "speak", topology, "--control", controlPath, "--passive"],
                            logPath: "\(directory)/speaker.log")
        let deadline = ContinuousClock().now + .seconds(30)
        while true {
            if let counts = try? tableCount() {
                baseline = counts
                return
            }
            guard ContinuousClock().now < deadline else {
                throw IngestError("transit-bgp speak did not answer on \(controlPath) within 30 s; see \(directory)/speaker.log")
            }
            usleep(50_000)  // the speaker is starting; bounded by `deadline`
        }
    }

    func count() throws -> Int {
        try tableCount() - baseline
    }

    private func tableCount() throws -> Int {
        let reply = try ControlClient.send("show counts json", path: controlPath, timeout: .seconds(30))
        guard let count = firstNumber(in: reply, after: "\"transit_router\"", key: "\"\(TransitBGPReceiver.defaultTable)\"") else {
            throw IngestError("no \(TransitBGPReceiver.defaultTable) count in `show counts json`: \(reply.prefix(400))")
        }
        return count
    }

    /// The generated topology (the vendor API's names; see Topologies/README.md).
    static let topology = """
        {"description": "transit-bgp-bench ingest: one dual-tunnel connection with BGP and no learned-route quota; the sender is the data center on tunnel 1",
         "customer_gateways": [{"customer_gateway_id": "cgw-ingest", "ip_address": "203.0.113.10", "asn": \(IngestPlan.senderASN)}],
         "ipsec_connections": [{"vpn_connection_id": "\(connectionID)", "enable_tunnels_bgp": true, "learned_route_quota": null,
           "tunnel_options_specification": [
             {"tunnel_index": 1, "customer_gateway_id": "cgw-ingest", "tunnel_ike_config": {"psk": "ingest-tunnel-1"},
              "tunnel_bgp_config": {"local_asn": \(IngestPlan.receiverASN), "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "\(IngestPlan.receiverAddress)"}},
             {"tunnel_index": 2, "customer_gateway_id": "cgw-ingest", "tunnel_ike_config": {"psk": "ingest-tunnel-2"},
              "tunnel_bgp_config": {"local_asn": \(IngestPlan.receiverASN), "tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}}]}],
         "transit_router": {"transit_router_id": "tr-ingest",
           "route_tables": [{"transit_router_route_table_id": "\(defaultTable)", "default": true}],
           "vpn_attachments": [{"transit_router_attachment_id": "tr-attach-\(connectionID)", "vpn_id": "\(connectionID)"}],
           "vpc_attachments": [{"transit_router_attachment_id": "tr-attach-vpc-app", "vpc_id": "vpc-app", "cidr_blocks": ["10.0.0.0/16"]}]}}
        """
}

import Foundation
import NetworkPrimitives
#if canImport(Glibc)
import Glibc
#endif

/// A BGP implementation measured by `transit-bgp-bench ingest`: a daemon started in its own namespace,
/// and one query of its own that counts the sender's prefixes in its table.
protocol IngestReceiver: AnyObject {
    /// `transitbgp`, `frr`, `bird`, `gobgp`: the suffix of its figures.
    var name: String { get }
    /// The daemon's pid once started (its CPU time and peak RSS are read from /proc).
    var pid: pid_t { get }
    /// Writes the configuration into `directory` and starts the daemon in `namespace`, passive on
    /// ``IngestPlan/receiverAddress``, expecting the sender's AS.
    func start(lab: IngestLab, namespace: String, directory: String) throws
    /// The number of the sender's prefixes in the receiver's table, read through its own CLI or
    /// control socket (one query).
    func count() throws -> Int
    /// What the queries cost so far: CPU seconds of the CLI processes (0 for in-process queries).
    var queryCPUSeconds: Double { get }
    /// What the count means, for the report.
    var countDescription: String { get }
}

/// The addresses and ASNs every run uses: one /30 on the veth pair between the sender's namespace
/// and the receiver's (recreated per run, so every receiver sees the same stream).
enum IngestPlan {
    static let receiverAddress = IPv4Address(169, 254, 10, 1)
    static let senderAddress = IPv4Address(169, 254, 10, 2)
    static let prefixLength = 30
    /// The cloud side (Alibaba's default VPN gateway ASN), and the data center.
    static let receiverASN: UInt32 = 45104
    static let senderASN: UInt32 = 65001
    static let hold = 90
    static let keepalive = 30
}

/// Parses `"key": NUMBER` or `key: NUMBER` out of CLI text: the first match after `after` (when given).
func firstNumber(in text: String, after marker: String? = nil, key: String) -> Int? {
    var rest = Substring(text)
    if let marker {
        guard let range = rest.range(of: marker) else { return nil }
        rest = rest[range.upperBound...]
    }
    if !key.isEmpty {
        guard let range = rest.range(of: key) else { return nil }
        rest = rest[range.upperBound...]
    }
    let digits = rest.drop { !$0.isNumber }.prefix { $0.isNumber }
    return Int(digits)
}

// bgpd.conf for FRR 8.x run without zebra, from a Swift value.
//
// Always rendered (see the lab recipes): `frr defaults traditional`, `no bgp network import-check`
// (without zebra no route "exists", so `network` statements would be ignored), route-maps on every
// neighbor (8.x refuses eBGP without policy), `coalesce-time 50` (the default 1000 ms delays the
// first UPDATEs by a second), `bgp log-neighbor-changes`, millisecond log timestamps.

import Foundation

/// A whole bgpd.conf for one FRR instance (one `router bgp`, IPv4 unicast).
public struct FRRConfig: Sendable {
    /// What the shared route-maps `IMPORT` and `EXPORT` let through.
    public enum Policy: String, Sendable {
        /// `route-map X permit 10`
        case all
        /// Only routes this router originates: `match as-path` on `^$`.
        case localOnly
        /// `route-map X deny 10`
        case none
    }

    public var hostname: String
    public var routerID: String
    public var localAS: UInt32
    public var neighbors: [FRRNeighborConfig] = []
    /// `network` statements of `address-family ipv4 unicast` (`198.51.100.0/24`).
    public var networks: [String] = []
    /// Route-map `IMPORT`, attached inbound to every neighbor that does not name its own.
    public var importPolicy: Policy = .all
    /// Route-map `EXPORT`, attached outbound to every neighbor that does not name its own.
    public var exportPolicy: Policy = .localOnly
    public var coalesceTimeMilliseconds: Int = 50
    /// `no bgp network import-check` unless true (true makes `network` useless without zebra).
    public var networkImportCheck = false
    public var logNeighborChanges = true
    /// `log file … LEVEL`: `informational`, or `debugging` together with `debug bgp …` lines.
    public var logLevel = "informational"
    /// `bgp bestpath as-path multipath-relax`, `maximum-paths N`: only when set.
    public var maximumPaths: Int?
    /// Lines before `router bgp` (prefix-lists, more route-maps, `debug bgp neighbor-events`).
    public var extraGlobalLines: [String] = []
    /// Lines inside `router bgp`, before the address family.
    public var extraRouterLines: [String] = []
    /// Lines inside `address-family ipv4 unicast`.
    public var extraAddressFamilyLines: [String] = []

    public init(hostname: String, routerID: String, localAS: UInt32, neighbors: [FRRNeighborConfig] = [], networks: [String] = []) {
        self.hostname = hostname
        self.routerID = routerID
        self.localAS = localAS
        self.neighbors = neighbors
        self.networks = networks
    }

    /// The configuration text; `logFile` is the path of bgpd's own log.
    public func render(logFile: String) throws -> String {
        for neighbor in neighbors {
            if let password = neighbor.password,
                password.isEmpty || password.count > 80 || password.contains(where: { $0 == " " || $0 == "!" || $0 == "\n" })
            {
                throw LabError("neighbor \(neighbor.address): password must be 1…80 characters without spaces or '!'")
            }
        }
        var lines: [String] = [
            "frr defaults traditional",
            "hostname \(hostname)",
            "log file \(logFile) \(logLevel)",
            "log timestamp precision 3",
            "bgp as-path access-list TBGP-LOCAL seq 5 permit ^$",
        ]
        lines += Self.routeMap("IMPORT", importPolicy)
        lines += Self.routeMap("EXPORT", exportPolicy)
        lines += extraGlobalLines
        lines.append("router bgp \(localAS)")
        lines.append(" bgp router-id \(routerID)")
        lines.append(networkImportCheck ? " bgp network import-check" : " no bgp network import-check")
        if logNeighborChanges { lines.append(" bgp log-neighbor-changes") }
        lines.append(" coalesce-time \(coalesceTimeMilliseconds)")
        if maximumPaths != nil { lines.append(" bgp bestpath as-path multipath-relax") }
        for neighbor in neighbors { lines += neighbor.routerLines() }
        lines += extraRouterLines.map { " " + $0 }
        lines.append(" address-family ipv4 unicast")
        for network in networks { lines.append("  network \(network)") }
        if let maximumPaths { lines.append("  maximum-paths \(maximumPaths)") }
        for neighbor in neighbors { lines += neighbor.addressFamilyLines() }
        lines += extraAddressFamilyLines.map { "  " + $0 }
        lines.append(" exit-address-family")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private static func routeMap(_ name: String, _ policy: Policy) -> [String] {
        switch policy {
        case .all: ["route-map \(name) permit 10"]
        case .localOnly: ["route-map \(name) permit 10", " match as-path TBGP-LOCAL"]
        case .none: ["route-map \(name) deny 10"]
        }
    }
}

/// One `neighbor` of an `FRRConfig`. Defaults suit fast lab tests: connect retry 1 s,
/// keepalive 3 s / hold 9 s, advertisement interval 0.
public struct FRRNeighborConfig: Sendable {
    public var address: String
    public var remoteAS: UInt32
    public var description: String?
    /// TCP MD5 signature key (RFC 2385), `neighbor X password P`.
    public var password: String?
    /// `timers connect N`: seconds between connection attempts (FRR default 120).
    public var connectRetrySeconds: Int? = 1
    /// `timers KEEPALIVE HOLD` (hold 0 or ≥ 3). Nil keeps FRR's 60/180.
    public var keepaliveSeconds: Int? = 3
    public var holdSeconds: Int? = 9
    /// `advertisement-interval N` (MRAI). Nil keeps FRR's default.
    public var advertisementIntervalSeconds: Int? = 0
    public var passive = false
    /// `neighbor X shutdown`: configured but administratively down.
    public var shutdown = false
    public var ebgpMultihop: Int?
    public var updateSource: String?
    /// `allowas-in N` in the address family.
    public var allowASIn: Int?
    /// Route-map names; `IMPORT`/`EXPORT` are the config's shared ones.
    public var routeMapIn = "IMPORT"
    public var routeMapOut = "EXPORT"
    /// Further `neighbor X …` words, one line each, written inside `router bgp` as given.
    public var extraLines: [String] = []

    public init(address: String, remoteAS: UInt32, password: String? = nil) {
        self.address = address
        self.remoteAS = remoteAS
        self.password = password
    }

    fileprivate func routerLines() -> [String] {
        let n = " neighbor \(address)"
        var lines = ["\(n) remote-as \(remoteAS)"]
        if let description { lines.append("\(n) description \(description)") }
        if let password { lines.append("\(n) password \(password)") }
        if let connectRetrySeconds { lines.append("\(n) timers connect \(connectRetrySeconds)") }
        if let keepaliveSeconds, let holdSeconds { lines.append("\(n) timers \(keepaliveSeconds) \(holdSeconds)") }
        if let advertisementIntervalSeconds { lines.append("\(n) advertisement-interval \(advertisementIntervalSeconds)") }
        if passive { lines.append("\(n) passive") }
        if let ebgpMultihop { lines.append("\(n) ebgp-multihop \(ebgpMultihop)") }
        if let updateSource { lines.append("\(n) update-source \(updateSource)") }
        if shutdown { lines.append("\(n) shutdown") }
        lines += extraLines.map { "\(n) \($0)" }
        return lines
    }

    fileprivate func addressFamilyLines() -> [String] {
        let n = "  neighbor \(address)"
        var lines = ["\(n) route-map \(routeMapIn) in", "\(n) route-map \(routeMapOut) out"]
        if let allowASIn { lines.append("\(n) allowas-in \(allowASIn)") }
        return lines
    }
}

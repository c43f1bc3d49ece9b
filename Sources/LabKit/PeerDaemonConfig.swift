// Configurations of the other real BGP peers the lab runs: BIRD 2 and GoBGP (FRR has FRRConfig).
// Each writer validates what it writes: addresses are dotted quads, names are plain words.

import Foundation

/// Checks a value written into a daemon configuration: an IPv4 dotted quad.
func requireIPv4(_ value: String, _ field: String) throws {
    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) else {
        throw LabError("\(field): \"\(value)\" is not an IPv4 address (dotted quad)")
    }
}

/// A BIRD 2 configuration with one BGP protocol (`bird -c FILE`).
public struct BIRDConfig: Sendable {
    public var routerID: String
    public var localAddress: String
    public var localAS: UInt32
    public var neighborAddress: String
    public var neighborAS: UInt32
    public var passive = false
    public var holdSeconds = 90
    public var keepaliveSeconds = 30
    /// `import all` when true, `import none` otherwise.
    public var importAll = true
    /// `export none` when false, `export where source = RTS_STATIC` (the static routes below) when true.
    public var exportStatic = false
    /// Blackhole static routes (`198.51.100.0/24`) the protocol may export.
    public var staticRoutes: [String] = []
    /// The BGP protocol's name (what `birdc show protocols all NAME` asks for).
    public var protocolName = "peer"

    public init(routerID: String, localAddress: String, localAS: UInt32, neighborAddress: String, neighborAS: UInt32) {
        self.routerID = routerID
        self.localAddress = localAddress
        self.localAS = localAS
        self.neighborAddress = neighborAddress
        self.neighborAS = neighborAS
    }

    /// The configuration text; `logFile` is BIRD's own log.
    public func render(logFile: String) throws -> String {
        try requireIPv4(routerID, "router id")
        try requireIPv4(localAddress, "local address")
        try requireIPv4(neighborAddress, "neighbor address")
        guard !protocolName.isEmpty, protocolName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            protocolName.first?.isLetter == true
        else { throw LabError("protocol name \"\(protocolName)\" must be a letter then ASCII letters, digits or '_'") }
        guard !logFile.contains("\"") else { throw LabError("log file \(logFile) must not contain '\"'") }
        var lines = [
            "log \"\(logFile)\" { info, warning, error, fatal, bug };",
            "router id \(routerID);",
            "protocol device { scan time 10; }",
        ]
        if !staticRoutes.isEmpty {
            lines.append("protocol static lab_static {")
            lines.append("  ipv4;")
            for route in staticRoutes {
                let parts = route.split(separator: "/")
                guard parts.count == 2, let length = Int(parts[1]), (0 ... 32).contains(length) else {
                    throw LabError("static route \"\(route)\" is not an IPv4 prefix")
                }
                try requireIPv4(String(parts[0]), "static route")
                lines.append("  route \(route) blackhole;")
            }
            lines.append("}")
        }
        lines += [
            "protocol bgp \(protocolName) {",
            "  local \(localAddress) as \(localAS);",
            "  neighbor \(neighborAddress) as \(neighborAS);",
        ]
        if passive { lines.append("  passive on;") }
        lines.append("  hold time \(holdSeconds); keepalive time \(keepaliveSeconds);")
        let export = exportStatic ? "export where source = RTS_STATIC" : "export none"
        lines.append("  ipv4 { \(importAll ? "import all" : "import none"); \(export); };")
        lines.append("}")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

/// A GoBGP configuration (TOML, `gobgpd -t toml -f FILE`) with one neighbor, IPv4 unicast.
public struct GoBGPConfig: Sendable {
    public var routerID: String
    public var localAS: UInt32
    public var neighborAddress: String
    public var neighborAS: UInt32
    public var passive = false
    public var connectRetrySeconds = 2
    public var holdSeconds = 90
    public var keepaliveSeconds = 30
    /// `admin-down = true`: load routes first, then `gobgp neighbor X enable`.
    public var adminDown = false

    public init(routerID: String, localAS: UInt32, neighborAddress: String, neighborAS: UInt32) {
        self.routerID = routerID
        self.localAS = localAS
        self.neighborAddress = neighborAddress
        self.neighborAS = neighborAS
    }

    public func render() throws -> String {
        try requireIPv4(routerID, "router-id")
        try requireIPv4(neighborAddress, "neighbor-address")
        var lines = [
            "[global.config]",
            "  as = \(localAS)",
            "  router-id = \"\(routerID)\"",
            "  port = 179",
            "[[neighbors]]",
            "  [neighbors.config]",
            "    neighbor-address = \"\(neighborAddress)\"",
            "    peer-as = \(neighborAS)",
        ]
        if adminDown { lines.append("    admin-down = true") }
        if passive { lines += ["  [neighbors.transport.config]", "    passive-mode = true"] }
        lines += [
            "  [neighbors.timers.config]",
            "    connect-retry = \(connectRetrySeconds)",
            "    hold-time = \(holdSeconds)",
            "    keepalive-interval = \(keepaliveSeconds)",
            "  [[neighbors.afi-safis]]",
            "    [neighbors.afi-safis.config]",
            "      afi-safi-name = \"ipv4-unicast\"",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}

// Where a lab lives and what it runs: names derived from the lab directory, the executables found.

import Foundation
import LabKit
import Glibc

/// Where a lab lives; derived from the topology's path and `--dir` without reading either.
struct LabLocation: Sendable {
    /// Every lab namespace starts with this; the Swift interop harness's `tbgp-` namespaces never do.
    static let namespacePrefix = "tbgplab-"
    /// `sockaddr_un.sun_path` holds 107 bytes and a NUL.
    static let socketPathLimit = 107

    /// The topology as given, made absolute.
    let topology: String
    /// The lab directory, absolute.
    let directory: String
    /// Eight hex digits: FNV-1a of ``directory``.
    let id: String

    init(topology: String, directory: String?) {
        let current = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: current, isDirectory: true)).standardizedFileURL.path
        }
        self.topology = absolute(topology)
        self.directory = absolute(directory ?? LabLocation.defaultDirectory(for: topology))
        var hash: UInt32 = 2_166_136_261
        for byte in self.directory.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        id = String(format: "%08x", hash)
    }

    /// `/tmp/tbgplab-NAME`: NAME is the topology's folder for `…/NAME/topology.json`, else the file's
    /// name without its extension, reduced to letters, digits, `.`, `_` and `-`.
    static func defaultDirectory(for topology: String) -> String {
        let url = URL(fileURLWithPath: topology)
        var name = url.deletingPathExtension().lastPathComponent
        if name == "topology" { name = url.deletingLastPathComponent().lastPathComponent }
        let plain = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        }.prefix(40))
        return "/tmp/tbgplab-\(plain.isEmpty ? "lab" : plain)"
    }

    func namespace(_ role: String) -> String { "\(LabLocation.namespacePrefix)\(id)-\(role)" }
    var namespacePrefix: String { "\(LabLocation.namespacePrefix)\(id)-" }
    var statePath: String { "\(directory)/lab.json" }
    var lockPath: String { "\(directory)/lock" }
    /// The copy of the topology the speaker runs.
    var topologyCopy: String { "\(directory)/topology.json" }
    var controlPath: String { "\(directory)/speaker.sock" }
    var speakerLog: String { "\(directory)/speaker.log" }
    /// `DIR/ROLE`: a data center's frr.conf, bgpd.conf, pid file, vty socket and logs.
    func dataCenterDirectory(_ role: String) -> String { "\(directory)/\(role)" }
    func bgpdConfigPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.conf" }
    func bgpdPIDPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.pid" }
    func bgpdLogPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.log" }
    func bgpdStdoutLogPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.stdout.log" }
    /// charon's directory of a role (`cloud` or a data center's): strongswan.conf, swanctl.conf, vici socket, log.
    func charonDirectory(_ role: String) -> String { "\(directory)/\(role)-ipsec" }
    func swanctlConfigPath(_ role: String) -> String { "\(charonDirectory(role))/swanctl.conf" }
    /// The cloud charon's updown script: tells the speaker when a CHILD_SA comes up or goes away.
    var updownPath: String { "\(directory)/updown.sh" }

    /// The lab's state, nil when there is no `lab.json`.
    func loadState() throws -> LabState? {
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        return try LabState(contentsOf: statePath)
    }
}

/// The executables the lab runs.
struct LabTools: Sendable {
    let ip: String
    let bgpd: String
    let vtysh: String
    /// This `transit-bgp`, for `speak`.
    let transitBGP: String

    /// nftables' `nft`, for `lab fault … silent` only.
    func nft() throws -> String {
        try LabCommand.locate("nft", candidates: ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"])
    }

    /// Fails (the lab never starts half-equipped) when one is missing or when not root.
    static func locate() throws -> LabTools {
        guard geteuid() == 0 else {
            throw LabError("the lab needs root (ip netns, veth pairs, bgpd); run it as root")
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw LabError("cannot find this transit-bgp executable (/proc/self/exe)") }
        let transitBGP = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return LabTools(
            ip: try LabCommand.locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]),
            bgpd: try LabCommand.locate("bgpd", candidates: ["/usr/lib/frr/bgpd", "/usr/libexec/frr/bgpd", "/usr/sbin/bgpd"],
                                        environmentOverride: "TBGP_FRR_BGPD"),
            vtysh: try LabCommand.locate("vtysh", candidates: ["/usr/bin/vtysh", "/usr/sbin/vtysh"], environmentOverride: "TBGP_FRR_VTYSH"),
            transitBGP: transitBGP)
    }
}

// The lab directory's record of what `lab up` created (`DIR/lab.json`), written before each step so
// that `lab down` finds everything even after an `up` that failed or was killed half way.

import Foundation
import LabKit
import Reports
import Topology

/// A fault `lab fault` put on one tunnel.
struct TunnelFault: Sendable, Hashable {
    /// Both veth ends are down (`link-down`).
    var linkDown = false
    /// Both veth ends drop every packet they receive (`silent`: an nftables input rule).
    var silent = false

    var isClear: Bool { !linkDown && !silent }

    /// `link down, silent`, or `-`.
    var summary: String {
        let parts = (linkDown ? ["link down"] : []) + (silent ? ["silent"] : [])
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }
}

/// `DIR/lab.json`.
struct LabState: Sendable {
    /// The topology as given to `lab up`, made absolute.
    var topology: String
    /// The lab's ID: the middle of its namespace names.
    var id: String
    /// Every namespace `up` created or was about to create.
    var namespaces: [String] = []
    /// `transit-bgp speak`.
    var speakerPID: Int32?
    /// bgpd by data-center role.
    var bgpdPIDs: [String: Int32] = [:]
    /// By tunnel (`vco-…/N`).
    var faults: [String: TunnelFault] = [:]
    /// The tunnels run through strongSwan (`lab up` without `--no-ipsec`).
    var ipsec = false
    /// charon per role (`cloud` and each data center's), when IPsec is on.
    var charonPIDs: [String: Int32] = [:]
    /// Set once `up` started everything.
    var complete = false

    init(topology: String, id: String) {
        self.topology = topology
        self.id = id
    }

    var json: JSONOutput {
        .object([
            ("topology", .string(topology)),
            ("id", .string(id)),
            ("namespaces", .array(namespaces.map(JSONOutput.string))),
            ("speaker_pid", speakerPID.map { .int(Int($0)) } ?? .null),
            ("bgpd_pids", .object(bgpdPIDs.keys.sorted().map { ($0, .int(Int(bgpdPIDs[$0]!))) })),
            ("faults", .object(faults.keys.sorted().map { name in
                (name, .object([("link_down", .bool(faults[name]!.linkDown)), ("silent", .bool(faults[name]!.silent))]))
            })),
            ("ipsec", .bool(ipsec)),
            ("charon_pids", .object(charonPIDs.keys.sorted().map { ($0, .int(Int(charonPIDs[$0]!))) })),
            ("complete", .bool(complete)),
        ])
    }

    /// Reads `lab.json`; throws when it is not one (a damaged file: `lab down` still cleans up by name).
    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw LabError("cannot read \(path)") }
        let root: JSONObject
        do {
            guard let object = try JSONParser.parse(Array(data)).value.objectValue else { throw LabError("\(path): not a JSON object") }
            root = object
        } catch let error as LabError {
            throw error
        } catch {
            throw LabError("\(path): \(error)")
        }
        guard let topology = root["topology"]?.value.stringValue, let id = root["id"]?.value.stringValue else {
            throw LabError("\(path): no \"topology\" or \"id\"")
        }
        self.init(topology: topology, id: id)
        namespaces = (root["namespaces"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        speakerPID = root["speaker_pid"]?.value.numberValue?.int.map { Int32(clamping: $0) }
        for member in root["bgpd_pids"]?.value.objectValue?.members ?? [] {
            if let pid = member.value.value.numberValue?.int { bgpdPIDs[member.key] = Int32(clamping: pid) }
        }
        for member in root["faults"]?.value.objectValue?.members ?? [] {
            let fault = member.value.value.objectValue
            faults[member.key] = TunnelFault(linkDown: fault?["link_down"]?.value.boolValue ?? false,
                                             silent: fault?["silent"]?.value.boolValue ?? false)
        }
        ipsec = root["ipsec"]?.value.boolValue ?? false
        for member in root["charon_pids"]?.value.objectValue?.members ?? [] {
            if let pid = member.value.value.numberValue?.int { charonPIDs[member.key] = Int32(clamping: pid) }
        }
        complete = root["complete"]?.value.boolValue ?? false
    }

    /// Writes `lab.json` atomically.
    func write(to path: String) throws {
        do {
            try (json.rendered() + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw LabError("cannot write \(path): \(error)")
        }
    }
}

// `lab down`: everything a lab created goes, whatever state its `up` left.

import Foundation
import LabKit
import Glibc

/// `lab down`: stops the lab's processes and deletes its namespaces and directory, from `lab.json`
/// when it can be read and from the names alone otherwise. Never throws; idempotent.
struct LabTeardown {
    let location: LabLocation
    let ip: String

    /// What it removed, one line each.
    func run() -> [String] {
        var removed: [String] = []
        let state = try? location.loadState()
        let marker = location.directory + "/"
        // Gracefully first: the speaker sends Cease, bgpd closes its sessions.
        if let pid = state?.speakerPID, Lab.isAlive(pid, marker: location.controlPath) {
            LabCommand.stop(pid)
            removed.append("speaker (pid \(pid))")
        }
        var bgpds = state?.bgpdPIDs ?? [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: location.directory)) ?? [] where bgpds[entry] == nil {
            if let text = try? String(contentsOfFile: location.bgpdPIDPath(entry), encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                bgpds[entry] = pid
            }
        }
        for (role, pid) in bgpds.sorted(by: { $0.key < $1.key }) where Lab.isAlive(pid, marker: location.bgpdConfigPath(role)) {
            LabCommand.stop(pid)
            removed.append("bgpd of \(role) (pid \(pid))")
        }
        // charon sends its DELETEs and removes ipsec0 on SIGTERM.
        for (role, pid) in (state?.charonPIDs ?? [:]).sorted(by: { $0.key < $1.key }) where Lab.isAlive(pid, environmentEntry: "STRONGSWAN_CONF=\(location.charonDirectory(role))/strongswan.conf") {
            LabCommand.stop(pid)
            removed.append("charon of \(role) (pid \(pid))")
        }
        let names = Set(LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: ip))
            .union((state?.namespaces ?? []).filter { $0.hasPrefix(location.namespacePrefix) })
        for name in names.sorted() {
            Lab.destroyNamespace(name, ipPath: ip)
            removed.append("namespace \(name) (and what ran in it)")
        }
        for pid in Lab.processes(mentioning: marker) {
            kill(pid, SIGCONT)
            kill(pid, SIGKILL)
            _ = Lab.waitGone(pid, within: .seconds(3))
            removed.append("process \(pid) naming \(location.directory)")
        }
        LabCommand.sweepStaleOutputFiles()
        // The directory only when it is a lab's (lab.json); `up` never adopts a directory with other files.
        if FileManager.default.fileExists(atPath: location.statePath) {
            if (try? FileManager.default.removeItem(atPath: location.directory)) != nil {
                removed.append("directory \(location.directory)")
            }
        } else if (try? FileManager.default.contentsOfDirectory(atPath: location.directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: location.directory)
        }
        return removed
    }
}

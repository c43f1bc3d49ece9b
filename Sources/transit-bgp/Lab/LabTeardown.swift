// `lab down`: everything a lab created goes, whatever state its `up` left.

import Foundation
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
        if let pid = state?.speakerPID, Subprocess.isAlive(pid, marker: location.controlPath) {
            Subprocess.stop(pid)
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
        for (role, pid) in bgpds.sorted(by: { $0.key < $1.key }) where Subprocess.isAlive(pid, marker: location.bgpdConfigPath(role)) {
            Subprocess.stop(pid)
            removed.append("bgpd of \(role) (pid \(pid))")
        }
        let names = Set(LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: ip))
            .union((state?.namespaces ?? []).filter { $0.hasPrefix(location.namespacePrefix) })
        for name in names.sorted() {
            if let result = try? Subprocess.run([ip, "netns", "pids", name], timeout: .seconds(10)), result.succeeded {
                for pid in result.stdout.split(separator: "\n").compactMap({ pid_t($0) }) where pid != getpid() {
                    kill(pid, SIGCONT)
                    kill(pid, SIGKILL)
                    _ = Subprocess.waitGone(pid, within: .seconds(3))
                    removed.append("process \(pid) in \(name)")
                }
            }
            if let result = try? Subprocess.run([ip, "netns", "del", name], timeout: .seconds(10)), result.succeeded {
                removed.append("namespace \(name)")
            }
        }
        for pid in Subprocess.processes(mentioning: marker) {
            kill(pid, SIGCONT)
            kill(pid, SIGKILL)
            _ = Subprocess.waitGone(pid, within: .seconds(3))
            removed.append("process \(pid) naming \(location.directory)")
        }
        // Output files of commands whose `transit-bgp lab` was killed while they ran.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? [] where entry.hasPrefix("tbgplab-cmd-") {
            let parts = entry.split(separator: "-")
            if parts.count >= 4, let pid = pid_t(parts[2]), pid != getpid(), !Subprocess.isAlive(pid) {
                unlink("/tmp/\(entry)")
            }
        }
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

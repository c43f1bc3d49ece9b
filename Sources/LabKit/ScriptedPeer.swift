// The scripted Python BGP peer (Tests/lab/bgp_peer.py, standard library only) as the tests drive
// it: a JSON script in, one event per line out. Small on purpose (one type, one run function), so
// it moves to LabKit as is.

import Foundation

/// One line of the peer's output.
public struct PeerEvent: Sendable, CustomStringConvertible {
    public let fields: [String: String]

    public var event: String { fields["event"] ?? "" }
    public var type: String? { fields["type"] }
    public var connection: Int { Int(fields["conn"] ?? "1") ?? 1 }
    /// `[code, subcode]` of a received NOTIFICATION.
    public var notification: [Int]? {
        guard type == "notification", let code = fields["code"].flatMap(Int.init), let sub = fields["subcode"].flatMap(Int.init) else { return nil }
        return [code, sub]
    }
    public var description: String { fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
}

public enum ScriptedPeer {
    /// `Tests/lab/bgp_peer.py` of this repository.
    public static var scriptPath: String { "\(SpeakerBinary.repositoryRoot)/Tests/lab/bgp_peer.py" }

    /// Runs the peer in `namespace` from `local` to `remote`:179 with `steps` (see the script's
    /// header); returns its events. Bounded by `timeout` (the peer's own deadline, plus a margin).
    public static func run(
        in namespace: LabNamespace, local: String, remote: String, steps: [[String: Any]], timeout: Duration = .seconds(30)
    ) throws -> [PeerEvent] {
        let script = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        let seconds = Int(timeout.components.seconds)
        let result = try namespace.run(
            ["python3", scriptPath, "--local", local, "--remote", remote, "--script", script, "--timeout", String(seconds)],
            timeout: timeout + .seconds(10))
        guard !result.timedOut else { throw LabError("scripted peer timed out: \(result)") }
        return parse(result.stdout)
    }

    /// Starts the peer in the background (its output in the lab's `NAME.log`); read it with
    /// ``events(from:)`` once the process ended.
    public static func start(
        in namespace: LabNamespace, lab: Lab, local: String, remote: String, steps: [[String: Any]],
        timeout: Duration = .seconds(30), name: String = "peer"
    ) throws -> LabProcess {
        let script = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        return try lab.spawn(in: namespace, ["python3", scriptPath, "--local", local, "--remote", remote, "--script", script,
                                             "--timeout", String(timeout.components.seconds)], name: name)
    }

    /// The events a background peer wrote.
    public static func events(from process: LabProcess) -> [PeerEvent] {
        parse((process.logPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }) ?? "")
    }

    public static func parse(_ output: String) -> [PeerEvent] {
        output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return PeerEvent(fields: object.mapValues { "\($0)" })
        }
    }

    /// An OPEN as the speaker's peer of tunnel 1 (AS 65001) sends it.
    public static func open(asn: Int = 65001, hold: Int = 90, id: String = "10.255.0.2", fourOctet: Bool = true,
                     enhanced: Bool = true, version: Int = 4) -> [String: Any] {
        ["send": ["open": ["asn": asn, "hold": hold, "id": id, "four_octet": fourOctet, "enhanced": enhanced, "version": version]]]
    }

    public static var keepalive: [String: Any] { ["send": ["keepalive": [String: Any]()]] }

    public static func awaiting(_ type: String, timeout: Int = 10, connection: Int = 1) -> [String: Any] {
        ["await": type, "timeout": timeout, "conn": connection]
    }

    /// OPEN, then both KEEPALIVEs: Established.
    public static func establish(asn: Int = 65001, fourOctet: Bool = true, enhanced: Bool = true) -> [[String: Any]] {
        [open(asn: asn, fourOctet: fourOctet, enhanced: enhanced), awaiting("open"), awaiting("keepalive"), keepalive]
    }
}

extension SpeakerProcess {
    /// The speaker's peak resident memory (VmHWM, /proc/PID/status), in KiB.
    public func peakMemoryKiB() -> Int? {
        guard let pid = process?.pid,
              let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}

import Foundation
import Reports

/// The real Graphviz `dot`, which `Tests/lab/install-deps.sh` installs (Debian package `graphviz`).
enum Graphviz {
    struct Result {
        var status: Int32
        var svg: String
        var stderr: String
    }

    /// Where `dot` is: the first `dot` on `$PATH`.
    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw GraphvizMissing()
    }

    struct GraphvizMissing: Error, CustomStringConvertible {
        var description: String { "Graphviz `dot` is not on $PATH; install it with `bash Tests/lab/install-deps.sh` (as root)" }
    }

    /// Runs `dot -Tsvg` on `source`; files rather than pipes, so a large picture cannot block.
    static func svg(_ source: String) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("transit-bgp-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in.dot")
        let output = scratch.appendingPathComponent("out.svg")
        let errors = scratch.appendingPathComponent("stderr.txt")
        try Data(source.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["-Tsvg", input.path, "-o", output.path]
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        let svg = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, svg: svg, stderr: stderr)
    }

    /// The nodes Graphviz draws (SVG leaves out invisible ones, such as the legend's line ends).
    static func visibleNodes(_ graph: DOTGraph) -> Int {
        graph.allNodes.filter { $0.attributes["style"] != "invis" }.count
    }

    /// How many times `needle` occurs in `text`.
    static func count(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

import Foundation
import Reports
import Topology

/// `transit-bgp report FILE -o report.html`.
enum ReportCommand {
    static let help = """
        usage: transit-bgp report FILE -o REPORT.html [--no-graphviz]

        Runs the topology and writes one self-contained HTML page (inline CSS and SVG, no script,
        nothing fetched from the network): the topology picture (drawn by Graphviz `dot` when it is
        installed, else by our own layout; --no-graphviz forces ours), a chart of each tunnel's
        state and the routes it carries over time with the timeline's events, the expect blocks'
        PASS/FAIL, the reach matrix and the final tables.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var files: [String] = []
        var output: String?
        var graphviz = true
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "-o", "--output":
                guard let value = rest.first else { return fail("\(argument) needs a file name") }
                rest.removeFirst()
                output = value
            case "--no-graphviz": graphviz = false
            default:
                guard !argument.hasPrefix("-") else { return fail("unknown option '\(argument)'") }
                files.append(argument)
            }
        }
        guard files.count == 1 else { return fail("expected exactly one FILE") }
        guard let output else { return fail("-o REPORT.html is required") }
        guard let document = loadDocument(files[0]) else { return 1 }
        let title = URL(fileURLWithPath: files[0]).deletingPathExtension().lastPathComponent == "topology"
            ? URL(fileURLWithPath: files[0]).deletingLastPathComponent().lastPathComponent
            : URL(fileURLWithPath: files[0]).deletingPathExtension().lastPathComponent
        let picture = graphviz ? graphvizSVG(document) : nil
        let report = HTMLReport.build(title: title, document: document, topologySVG: picture)
        do {
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            printError("transit-bgp report: cannot write '\(output)': \(error.localizedDescription)")
            return 1
        }
        print("wrote \(output)")
        return 0
    }

    /// The topology picture from Graphviz `dot -Tsvg` when it is on the PATH and succeeds; `nil` otherwise.
    static func graphvizSVG(_ document: TopologyDocument) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let dot = paths.map({ "\($0)/dot" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), outputPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let source = GraphvizDOT.render(document: document, model: document.model())
        // Write on another thread so a large picture cannot block both pipes.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(source.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = outputPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = String(data: data, encoding: .utf8),
              let start = text.range(of: "<svg"), let end = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        // Scale to the page: drop the fixed size of the opening tag (the viewBox keeps the proportions).
        let opening = text[start.lowerBound ..< end].split(separator: " ").filter {
            !$0.hasPrefix("width=") && !$0.hasPrefix("height=")
        }.joined(separator: " ")
        return opening + " id=\"topology-picture\" style=\"width: 100%; height: auto\"" + text[end...]
    }

    static func fail(_ message: String) -> Int32 {
        printError("transit-bgp report: \(message)\n\n\(help)")
        return 2
    }
}

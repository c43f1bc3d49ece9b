import Foundation
import Reports
import Simulation
import Testing
import Topology

/// `transit-bgp report`: the page is self-contained, and a real browser (headless Chromium) renders
/// it without a console error, with the chart's elements present. `UPDATE_GOLDENS=1` also writes
/// the screenshot of `tunnel-1-failover` to `Tests/Goldens/report/tunnel-1-failover.png`.
struct HTMLReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldens = root.appendingPathComponent("Tests/Goldens/report")

    static func report(_ name: String) throws -> String {
        let url = root.appendingPathComponent("Topologies/\(name)/topology.json")
        let document = try TopologyLoader.load([UInt8](Data(contentsOf: url)))
        return HTMLReport.build(title: name, document: document).html()
    }

    @Test func thePageIsSelfContained() throws {
        let html = try Self.report("tunnel-1-failover")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Nothing fetched: no script, no external stylesheet, image or frame.
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url(http"] {
            #expect(!html.contains(forbidden), "the report contains \(forbidden)")
        }
        #expect(html.contains("id=\"topology-picture\""))
        #expect(html.contains("id=\"timeline-chart\""))
        #expect(html.contains("id=\"reach\""))
        #expect(html.contains("id=\"checks\""))
    }

    @Test func theChartShowsTheFailover() throws {
        let document = try TopologyLoader.load([UInt8](Data(contentsOf: Self.root.appendingPathComponent("Topologies/tunnel-1-failover/topology.json"))))
        let timeline = TunnelTimeline.record(document)
        let tunnel1 = try #require(timeline.tunnels.first { $0.name == "vco-dc1/1" })
        let tunnel2 = try #require(timeline.tunnels.first { $0.name == "vco-dc1/2" })
        func at(_ tunnel: TunnelTimeline.Tunnel, _ seconds: Int) -> TunnelTimeline.Sample? {
            tunnel.samples.last { $0.time <= .seconds(seconds) }
        }
        // Tunnel 1: up, silent from 60 s, down from 90 s, back after 200 s; tunnel 2 up throughout.
        #expect(at(tunnel1, 50)?.phase == .up)
        #expect(at(tunnel1, 80)?.phase == .silent)
        #expect(at(tunnel1, 120)?.phase == .down)
        #expect(at(tunnel1, 120)?.routes == 0)
        #expect((at(tunnel1, 50)?.routes ?? 0) > 0)
        #expect(tunnel1.samples.last?.phase == .up)
        #expect(tunnel2.samples.allSatisfy { $0.time < .seconds(10) || $0.phase == .up })
        #expect((at(tunnel2, 120)?.routes ?? 0) == (at(tunnel1, 50)?.routes ?? -1))
        let svg = TimelineChart.svg(timeline)
        #expect(svg.contains("data-phase=\"silent\""))
        #expect(svg.contains("data-phase=\"down\""))
        #expect(svg.components(separatedBy: "class=\"route-count\"").count - 1 == 2)
    }

    @Test func textIsEscaped() {
        #expect(HTMLReport.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    // MARK: In a real browser

    /// Runs `chromium` headless with a bounded wait; returns standard output and standard error.
    static func chromium(_ arguments: [String], timeout: Duration = .seconds(90)) throws -> (stdout: String, stderr: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0"] + arguments
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("report-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.arguments! += ["--user-data-dir=\(scratch.path)/profile"]
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish within \(timeout)")
        }
        return (try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8), process.terminationStatus)
    }

    /// The page's console messages in Chromium's log (`:CONSOLE:` lines; Chromium logs every level,
    /// errors included, as INFO) and uncaught errors. The report has no script, so any message is a fault.
    static func consoleErrors(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in line.contains(":CONSOLE") || line.contains("Uncaught") }
    }

    @Test func chromiumRendersTheReportWithoutConsoleErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        try Data(try Self.report("tunnel-1-failover").utf8).write(to: page)

        // The DOM as the browser built it: the chart's elements exist.
        let dom = try Self.chromium(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "chromium --dump-dom failed: \(dom.stderr.suffix(2000))")
        #expect(dom.stdout.contains("id=\"timeline-chart\""))
        #expect(dom.stdout.components(separatedBy: "class=\"tunnel-state\"").count - 1 >= 4)
        #expect(dom.stdout.components(separatedBy: "class=\"route-count\"").count - 1 == 2)
        #expect(dom.stdout.contains("id=\"topology-picture\""))
        #expect(dom.stdout.contains("id=\"reach\""))
        #expect(Self.consoleErrors(dom.stderr).isEmpty, "console: \(Self.consoleErrors(dom.stderr))")

        // The screenshot: a PNG of the page.
        let png = directory.appendingPathComponent("report.png")
        let shot = try Self.chromium(["--screenshot=\(png.path)", "--window-size=1240,2200", "--hide-scrollbars", page.absoluteString])
        #expect(shot.status == 0, "chromium --screenshot failed: \(shot.stderr.suffix(2000))")
        #expect(Self.consoleErrors(shot.stderr).isEmpty, "console: \(Self.consoleErrors(shot.stderr))")
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(bytes.count > 20_000)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldens, withIntermediateDirectories: true)
            try bytes.write(to: Self.goldens.appendingPathComponent("tunnel-1-failover.png"))
        }
    }

    /// The check itself can fail: a page that logs an error is caught.
    @Test func aConsoleErrorIsDetected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("bad.html")
        try Data("<!DOCTYPE html><html><body><script>console.error('broken chart')</script></body></html>".utf8).write(to: page)
        let dom = try Self.chromium(["--dump-dom", page.absoluteString])
        #expect(!Self.consoleErrors(dom.stderr).isEmpty, "chromium's log: \(dom.stderr.suffix(2000))")
    }
}

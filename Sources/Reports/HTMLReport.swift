// `transit-bgp report`: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched).

import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Simulation
import Topology

/// The report page of one topology run: the topology picture, a chart of each tunnel's state and
/// the routes it carries over time, the `expect` blocks' PASS/FAIL, the reach matrix, and the
/// final tables. Everything is inline (CSS and SVG; no script, no external resource), so the file
/// can be mailed or archived and opens offline.
public struct HTMLReport: Sendable {
    public var title: String
    public var description: String
    /// The topology picture as an `<svg>` element (from Graphviz, or ``TopologyPicture``).
    public var topologySVG: String
    public var timeline: TunnelTimeline
    public var expectations: [ExpectationResult]
    public var reach: ReachMatrix
    /// The final tables as `simulate` prints them.
    public var tablesText: String

    public init(
        title: String, description: String, topologySVG: String, timeline: TunnelTimeline, expectations: [ExpectationResult],
        reach: ReachMatrix, tablesText: String
    ) {
        self.title = title
        self.description = description
        self.topologySVG = topologySVG
        self.timeline = timeline
        self.expectations = expectations
        self.reach = reach
        self.tablesText = tablesText
    }

    /// Runs `document` and gathers everything the page shows; `topologySVG` nil draws the picture
    /// with ``TopologyPicture``.
    public static func build(title: String, document: TopologyDocument, topologySVG: String? = nil) -> HTMLReport {
        let (results, simulation) = RouteSimulation.verify(document)
        let state = simulation.state()
        let tracer = PacketTracer(document: document, model: simulation.model, state: state)
        let picture = topologySVG ?? TopologyPicture.svg(GraphvizDOT.graph(document: document, model: simulation.model))
        return HTMLReport(
            title: title, description: document.description, topologySVG: picture, timeline: TunnelTimeline.record(document),
            expectations: results, reach: ReachMatrix(tracer),
            tablesText: TableText.render(document: document, state: state, log: simulation.log))
    }

    /// The page.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title)) — TransitBGP report</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1200px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
            p.description { color: #444; max-width: 960px; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
            td.delivered { background: #d7f5d7; } td.blackhole { background: #f8d0d0; } td.no_route { background: #eee; }
            td.loop { background: #f8e3b0; } td.mixed { background: #fbeeb0; }
            td.pass { background: #d7f5d7; font-weight: bold; } td.fail { background: #f8d0d0; font-weight: bold; }
            pre { font-size: 12px; background: #f7f7f7; padding: 8px; overflow-x: auto; }
            .figure { overflow-x: auto; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="description">\(Self.escape(description))</p>
            <h2>Topology</h2>
            <div class="figure" id="topology">\(topologySVG)</div>
            <h2>Tunnels over time</h2>
            <div class="figure">\(TimelineChart.svg(timeline))</div>
            <h2>Checks</h2>

            """
        page += expectationsHTML()
        page += "<h2>Reach at the end of the run</h2>\n" + reachHTML()
        page += "<h2>Final tables</h2>\n<pre id=\"tables\">\(Self.escape(tablesText))</pre>\n</body>\n</html>\n"
        return page
    }

    func expectationsHTML() -> String {
        guard !expectations.isEmpty else { return "<p>No expect blocks.</p>\n" }
        var rows = "<table id=\"checks\">\n<tr><th>Result</th><th>At</th><th>Expectation</th><th>Differences</th></tr>\n"
        for result in expectations {
            let verdict = result.passed ? "PASS" : "FAIL"
            let differences = result.mismatches.map { Self.escape($0.description) }.joined(separator: "<br>")
            rows += "<tr><td class=\"\(result.passed ? "pass" : "fail")\">\(verdict)</td><td>\(Self.seconds(result.time)) s</td>"
                + "<td>\(Self.escape(result.expectation.description))</td><td>\(differences)</td></tr>\n"
        }
        let passed = expectations.filter(\.passed).count
        return rows + "</table>\n<p>\(passed) of \(expectations.count) passed.</p>\n"
    }

    func reachHTML() -> String {
        var rows = "<table id=\"reach\">\n<tr><th>from \\ to</th>"
        rows += reach.prefixes.map { "<th>\(Self.escape($0.description))</th>" }.joined() + "</tr>\n"
        for (source, cells) in zip(reach.sources, reach.cells) {
            rows += "<tr><th>\(Self.escape(source))</th>"
            rows += cells.map { cell in
                let style = TraceResult(rawValue: cell)?.rawValue ?? "mixed"
                return "<td class=\"\(style)\">\(Self.escape(cell))</td>"
            }.joined()
            rows += "</tr>\n"
        }
        return rows + "</table>\n"
    }

    /// Text made safe inside HTML elements and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.simulationMilliseconds
        return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }
}

/// The chart of ``TunnelTimeline``: per tunnel a band coloured by state and a step line of the
/// routes it carries, on a shared time axis with the timeline's events marked.
public enum TimelineChart {
    static let width = 1000.0
    static let left = 150.0
    static let right = 30.0
    static let rowHeight = 110.0
    static let bandHeight = 18.0
    static let top = 40.0

    static func color(_ phase: TunnelTimeline.Phase) -> String {
        switch phase {
        case .up: "#3aa35a"
        case .bgpDown: "#e0b000"
        case .silent: "#f08c00"
        case .down: "#d33a3a"
        }
    }

    /// The chart as an `<svg>` element (`id="timeline-chart"`; bands are `rect.tunnel-state`, lines
    /// `path.route-count`, event markers `line.event`).
    public static func svg(_ timeline: TunnelTimeline) -> String {
        let height = top + rowHeight * Double(max(1, timeline.tunnels.count)) + 65
        let end = max(0.001, Double(timeline.endTime.simulationMilliseconds) / 1000)
        let plot = width - left - right
        func x(_ time: Duration) -> Double { left + plot * (Double(time.simulationMilliseconds) / 1000) / end }
        let maximum = max(1, timeline.tunnels.flatMap { $0.samples.map(\.routes) }.max() ?? 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline-chart\" width=\"\(f(width))\" height=\"\(f(height))\""
            + " viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        // Legend.
        var legendX = left
        for phase in TunnelTimeline.Phase.allCases {
            svg += "<rect x=\"\(f(legendX))\" y=\"8\" width=\"14\" height=\"14\" fill=\"\(color(phase))\"/>"
                + "<text x=\"\(f(legendX + 18))\" y=\"20\">tunnel \(phase.rawValue)</text>\n"
            legendX += 130
        }
        svg += "<path d=\"M\(f(legendX)) 15 h 24\" stroke=\"#1f5fbf\" stroke-width=\"2\" fill=\"none\"/>"
            + "<text x=\"\(f(legendX + 30))\" y=\"20\">routes carried (max \(maximum))</text>\n"
        for (row, tunnel) in timeline.tunnels.enumerated() {
            let rowTop = top + rowHeight * Double(row)
            let bandY = rowTop + rowHeight - 30
            svg += "<g class=\"tunnel\" data-tunnel=\"\(HTMLReport.escape(tunnel.name))\">\n"
            svg += "<text x=\"10\" y=\"\(f(bandY + 13))\" font-weight=\"bold\">\(HTMLReport.escape(tunnel.name))</text>\n"
            // State bands: one rectangle per run of equal phases.
            var start = 0
            while start < tunnel.samples.count {
                var stop = start
                while stop + 1 < tunnel.samples.count && tunnel.samples[stop + 1].phase == tunnel.samples[start].phase { stop += 1 }
                let from = x(tunnel.samples[start].time)
                let to = stop + 1 < tunnel.samples.count ? x(tunnel.samples[stop + 1].time) : x(timeline.endTime)
                let phase = tunnel.samples[start].phase
                svg += "<rect class=\"tunnel-state\" data-phase=\"\(phase.rawValue)\" x=\"\(f(from))\" y=\"\(f(bandY))\""
                    + " width=\"\(f(max(0.5, to - from)))\" height=\"\(f(bandHeight))\" fill=\"\(color(phase))\">"
                    + "<title>\(HTMLReport.escape(tunnel.name)) \(phase.rawValue) from \(HTMLReport.seconds(tunnel.samples[start].time)) s</title></rect>\n"
                start = stop + 1
            }
            // Routes carried: a step line above the band.
            let lineBottom = bandY - 6
            let lineHeight = rowHeight - 50
            func y(_ routes: Int) -> Double { lineBottom - lineHeight * Double(routes) / Double(maximum) }
            var d = ""
            for (index, sample) in tunnel.samples.enumerated() {
                d += index == 0 ? "M\(f(x(sample.time))) \(f(y(sample.routes)))" : " H\(f(x(sample.time))) V\(f(y(sample.routes)))"
            }
            d += " H\(f(x(timeline.endTime)))"
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(lineBottom))\" x2=\"\(f(left + plot))\" y2=\"\(f(lineBottom))\" stroke=\"#ccc\"/>\n"
            svg += "<path class=\"route-count\" d=\"\(d)\" stroke=\"#1f5fbf\" stroke-width=\"2\" fill=\"none\"/>\n"
            svg += "<text x=\"10\" y=\"\(f(lineBottom - lineHeight / 2))\" fill=\"#1f5fbf\">routes: \(tunnel.samples.last?.routes ?? 0)</text>\n"
            svg += "</g>\n"
        }
        // Time axis.
        let axisY = top + rowHeight * Double(max(1, timeline.tunnels.count)) + 5
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(left + plot))\" y2=\"\(f(axisY))\" stroke=\"#444\"/>\n"
        let step = tickStep(end)
        var tick = 0.0
        while tick <= end + 0.0001 {
            let tx = left + plot * tick / end
            svg += "<line x1=\"\(f(tx))\" y1=\"\(f(axisY))\" x2=\"\(f(tx))\" y2=\"\(f(axisY + 5))\" stroke=\"#444\"/>"
                + "<text x=\"\(f(tx))\" y=\"\(f(axisY + 18))\" text-anchor=\"middle\">\(f(tick)) s</text>\n"
            tick += step
        }
        // Events.
        for (index, event) in timeline.events.enumerated() {
            let ex = x(event.time)
            svg += "<line class=\"event\" x1=\"\(f(ex))\" y1=\"\(f(top - 6))\" x2=\"\(f(ex))\" y2=\"\(f(axisY))\" stroke=\"#777\""
                + " stroke-dasharray=\"4 3\"/>"
                + "<text x=\"\(f(ex + 3))\" y=\"\(f(axisY + 32 + Double(index % 2) * 12))\" fill=\"#555\">"
                + "\(HTMLReport.escape(event.label)) (\(HTMLReport.seconds(event.time)) s)</text>\n"
        }
        return svg + "</svg>"
    }

    /// A round tick interval giving 5 to 12 ticks over `end` seconds.
    static func tickStep(_ end: Double) -> Double {
        for step in [1.0, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600] where end / step <= 12 { return step }
        return 7200
    }

    /// A number with at most one decimal.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

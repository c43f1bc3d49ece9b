// The topology's DOT model drawn as SVG by our own layered layout (no Graphviz needed).

/// Lays out a ``DOTGraph`` left to right in layers and draws it as SVG: a node's layer is the
/// length of the longest edge path reaching it (edges that close a cycle are ignored for layering),
/// nodes keep their order within a layer, and edges are curves from the right of a node to the left
/// of the next. Plain, but readable for the dozen nodes of a topology, and the same on every machine.
public enum TopologyPicture {
    static let columnWidth = 230.0
    static let boxWidth = 190.0
    static let lineHeight = 14.0
    static let gap = 18.0
    static let margin = 20.0

    /// The picture as an `<svg>` element (`id="topology-picture"`).
    public static func svg(_ graph: DOTGraph) -> String {
        // The legend is Graphviz's business (it explains line styles this drawing does not use).
        let nodes = (graph.clusters.flatMap(\.nodes) + graph.nodes).filter { !$0.id.hasPrefix("legend") }
        let ids = nodes.map(\.id)
        let index = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.edges.compactMap { edge -> (Int, Int)? in
            guard let from = index[edge.from], let to = index[edge.to], from != to else { return nil }
            return (from, to)
        }
        // Edges that close a cycle (back edges of a depth-first walk) do not count for the layers.
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for (number, edge) in edges.enumerated() { outgoing[edge.0].append(number) }
        var mark = [Int](repeating: 0, count: nodes.count)  // 0 new, 1 on the walk's stack, 2 done
        var backEdges = Set<Int>()
        for root in nodes.indices where mark[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            mark[root] = 1
            while let top = stack.last {
                if top.next < outgoing[top.node].count {
                    stack[stack.count - 1].next += 1
                    let number = outgoing[top.node][top.next]
                    let to = edges[number].1
                    if mark[to] == 1 { backEdges.insert(number) } else if mark[to] == 0 {
                        mark[to] = 1
                        stack.append((to, 0))
                    }
                } else {
                    mark[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        // Longest path over the remaining (acyclic) edges, then empty layers closed up.
        var layer = [Int](repeating: 0, count: nodes.count)
        for _ in 0 ..< nodes.count {
            var changed = false
            for (number, edge) in edges.enumerated() where !backEdges.contains(number) && layer[edge.1] < layer[edge.0] + 1 {
                layer[edge.1] = layer[edge.0] + 1
                changed = true
            }
            if !changed { break }
        }
        let used = Array(Set(layer)).sorted()
        let compact = Dictionary(used.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        layer = layer.map { compact[$0] ?? 0 }
        let labels = nodes.map { lines($0.attributes["label"] ?? $0.id) }
        var boxes = [(x: Double, y: Double, height: Double)](repeating: (0, 0, 0), count: nodes.count)
        var columnBottom: [Int: Double] = [:]
        for (position, node) in nodes.enumerated() {
            _ = node
            let column = layer[position]
            let height = Double(labels[position].count) * lineHeight + 12
            let y = columnBottom[column, default: margin + 10]
            boxes[position] = (margin + Double(column) * columnWidth, y, height)
            columnBottom[column] = y + height + gap
        }
        let width = margin * 2 + Double((layer.max() ?? 0) + 1) * columnWidth
        let height = (columnBottom.values.max() ?? 100) + margin
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"topology-picture\" width=\"\(f(width))\" height=\"\(f(height))\""
            + " viewBox=\"0 0 \(f(width)) \(f(height))\" style=\"max-width: 100%; height: auto\""
            + " font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
            + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n"
        for edge in graph.edges {
            guard let from = index[edge.from], let to = index[edge.to], from != to else { continue }
            let a = boxes[from], b = boxes[to]
            let x1 = a.x + boxWidth, y1 = a.y + a.height / 2, x2 = b.x, y2 = b.y + b.height / 2
            let bend = max(40, abs(x2 - x1) / 2)
            let color = edge.attributes["color"].map(safeColor) ?? "#555"
            let dashed = edge.attributes["style"]?.contains("dashed") == true ? " stroke-dasharray=\"5 3\"" : ""
            svg += "<path class=\"edge\" d=\"M\(f(x1)) \(f(y1)) C\(f(x1 + bend)) \(f(y1)) \(f(x2 - bend)) \(f(y2)) \(f(x2)) \(f(y2))\""
                + " stroke=\"\(color)\" fill=\"none\" marker-end=\"url(#arrow)\"\(dashed)>"
                + "<title>\(HTMLReport.escape(edge.attributes["label"] ?? "\(edge.from) → \(edge.to)"))</title></path>\n"
        }
        for (position, node) in nodes.enumerated() {
            let box = boxes[position]
            let fill = node.attributes["fillcolor"].map(safeColor) ?? "#f4f6fb"
            svg += "<g class=\"node\"><rect x=\"\(f(box.x))\" y=\"\(f(box.y))\" width=\"\(f(boxWidth))\" height=\"\(f(box.height))\""
                + " rx=\"5\" fill=\"\(fill)\" stroke=\"#667\"/>"
            for (line, text) in labels[position].enumerated() {
                svg += "<text x=\"\(f(box.x + 8))\" y=\"\(f(box.y + 16 + Double(line) * lineHeight))\">\(HTMLReport.escape(text))</text>"
            }
            svg += "</g>\n"
        }
        return svg + "</svg>"
    }

    /// The lines of a DOT label (real or escaped line breaks), each cut to fit the box.
    static func lines(_ label: String) -> [String] {
        label.replacingEscapedBreaks().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.count > 30 ? String(line.prefix(29)) + "…" : String(line)
        }
    }

    /// A colour attribute when it is a plain name or `#rrggbb`; anything else falls back to grey.
    static func safeColor(_ text: String) -> String {
        let allowed = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "#" }
        return allowed && !text.isEmpty && text.count <= 20 ? text : "#888"
    }

    static func f(_ value: Double) -> String { TimelineChart.f(value) }
}

extension String {
    /// `\n`, `\l` and `\r` (Graphviz's escaped line breaks) as real line breaks.
    func replacingEscapedBreaks() -> String {
        var out = ""
        var escaped = false
        for character in self {
            if escaped {
                out.append(["n", "l", "r"].contains(character) ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

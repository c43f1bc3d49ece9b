/// A directed Graphviz graph as a value: nodes, edges and clusters with their attributes, and its
/// text in the DOT language (https://graphviz.org/doc/info/lang.html).
///
/// The text is deterministic: statements come out in the order they were added and the attributes
/// of each statement sorted by name. Every ID and every attribute value is written as a quoted
/// string (``quoted(_:)``), so keywords (`node`, `subgraph`, …), spaces, quotes and backslashes in
/// topology IDs cannot change the structure of the graph.
public struct DOTGraph: Sendable, Hashable {
    /// A node statement: `"id" [name="value", …];`.
    public struct Node: Sendable, Hashable {
        /// The node ID (any text; quoted on output).
        public var id: String
        /// Attributes such as `label`, `shape`, `style`; labels are plain text, `\n` breaks a line.
        public var attributes: [String: String]

        /// A node with `attributes`.
        public init(id: String, attributes: [String: String] = [:]) {
            self.id = id
            self.attributes = attributes
        }
    }

    /// An edge statement: `"from" -> "to" [name="value", …];`.
    public struct Edge: Sendable, Hashable {
        /// The tail node ID.
        public var from: String
        /// The head node ID.
        public var to: String
        /// Attributes such as `label`, `color`, `style`, `class`.
        public var attributes: [String: String]

        /// An edge from `from` to `to` with `attributes`.
        public init(from: String, to: String, attributes: [String: String] = [:]) {
            self.from = from
            self.to = to
            self.attributes = attributes
        }
    }

    /// A `subgraph "cluster…"`: Graphviz draws its nodes inside one box.
    public struct Cluster: Sendable, Hashable {
        /// The subgraph ID; ``DOTGraph`` adds the `cluster` prefix Graphviz needs to draw a box.
        public var id: String
        /// Graph attributes of the cluster (`label`, `style`, `color`).
        public var attributes: [String: String]
        /// The nodes drawn inside it.
        public var nodes: [Node]

        /// A cluster holding `nodes`.
        public init(id: String, attributes: [String: String] = [:], nodes: [Node] = []) {
            self.id = id
            self.attributes = attributes
            self.nodes = nodes
        }
    }

    /// The graph ID.
    public var name: String
    /// Graph attributes (`rankdir`, `label`, …).
    public var attributes: [String: String]
    /// Defaults for every node (`node [...]`).
    public var nodeDefaults: [String: String]
    /// Defaults for every edge (`edge [...]`).
    public var edgeDefaults: [String: String]
    /// Clusters, in output order.
    public var clusters: [Cluster]
    /// Nodes outside any cluster, in output order.
    public var nodes: [Node]
    /// Edges, in output order.
    public var edges: [Edge]

    /// An empty directed graph.
    public init(
        name: String, attributes: [String: String] = [:], nodeDefaults: [String: String] = [:],
        edgeDefaults: [String: String] = [:]
    ) {
        self.name = name
        self.attributes = attributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.clusters = []
        self.nodes = []
        self.edges = []
    }

    /// Every node, inside clusters or not, in output order.
    public var allNodes: [Node] { clusters.flatMap(\.nodes) + nodes }

    /// The node with `id`, wherever it is.
    public func node(_ id: String) -> Node? { allNodes.first { $0.id == id } }

    /// The edges from `from` to `to`, in output order.
    public func edges(from: String, to: String) -> [Edge] { edges.filter { $0.from == from && $0.to == to } }

    /// The graph in the DOT language, one statement a line, ending with a newline.
    public func rendered() -> String {
        var lines = ["digraph \(Self.quoted(name)) {"]
        if !attributes.isEmpty { lines.append("  graph \(Self.attributeList(attributes));") }
        if !nodeDefaults.isEmpty { lines.append("  node \(Self.attributeList(nodeDefaults));") }
        if !edgeDefaults.isEmpty { lines.append("  edge \(Self.attributeList(edgeDefaults));") }
        for cluster in clusters {
            lines.append("  subgraph \(Self.quoted(Self.clusterPrefix + cluster.id)) {")
            if !cluster.attributes.isEmpty { lines.append("    graph \(Self.attributeList(cluster.attributes));") }
            for node in cluster.nodes { lines.append("    " + Self.statement(node)) }
            lines.append("  }")
        }
        for node in nodes { lines.append("  " + Self.statement(node)) }
        for edge in edges {
            let list = edge.attributes.isEmpty ? "" : " " + Self.attributeList(edge.attributes)
            lines.append("  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to))\(list);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Graphviz draws a subgraph as a box only when its ID starts with this.
    public static let clusterPrefix = "cluster_"

    /// `text` as a DOT quoted string that Graphviz reads back as exactly `text` in a label.
    ///
    /// Inside quotes DOT itself unescapes only `\"`; labels then interpret backslash sequences
    /// (`\n`, `\l`, `\N`, `\G`, …), so a backslash is doubled to stay a backslash. A line feed
    /// becomes `\n` (a centred line break); other control characters, which Graphviz would pass
    /// into SVG as invalid XML, become spaces.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `[a="1", b="2"]`, names sorted; a name that is not a plain identifier is quoted too.
    static func attributeList(_ attributes: [String: String]) -> String {
        let items = attributes.sorted { $0.key < $1.key }.map { name, value in
            "\(isPlainIdentifier(name) ? name : quoted(name))=\(quoted(value))"
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    /// The DOT keywords (case-insensitive), which are not IDs unless quoted.
    static let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]

    /// Whether `text` is a DOT identifier that needs no quotes: ASCII letters, digits and `_`, not
    /// starting with a digit, and not a keyword.
    static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first),
              !keywords.contains(text.lowercased()) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// One node statement.
    static func statement(_ node: Node) -> String {
        node.attributes.isEmpty ? "\(quoted(node.id));" : "\(quoted(node.id)) \(attributeList(node.attributes));"
    }
}

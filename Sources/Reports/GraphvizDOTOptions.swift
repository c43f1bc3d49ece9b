import NetworkPrimitives

/// What ``GraphvizDOT`` draws: every flow or one prefix's, how many prefixes an edge label lists,
/// and whether a legend is added.
public struct GraphvizDOTOptions: Sendable, Hashable {
    /// Only this prefix's flows are drawn (the rows whose destination is exactly this prefix);
    /// `nil` draws the flows of every prefix.
    public var prefix: IPv4Prefix?
    /// The most prefixes one edge label lists; the rest are counted as "+k more". At least 1.
    public var prefixesPerEdge: Int
    /// Whether a legend of the edge styles is drawn.
    public var legend: Bool

    /// The default number of prefixes an edge label lists.
    public static let defaultPrefixesPerEdge = 6

    /// Options; `prefixesPerEdge` below 1 counts as 1.
    public init(prefix: IPv4Prefix? = nil, prefixesPerEdge: Int = GraphvizDOTOptions.defaultPrefixesPerEdge, legend: Bool = true) {
        self.prefix = prefix
        self.prefixesPerEdge = max(1, prefixesPerEdge)
        self.legend = legend
    }

    /// Whether the flows of `prefix` are drawn.
    func shows(_ prefix: IPv4Prefix) -> Bool { self.prefix.map { $0 == prefix } ?? true }

    /// `items` one a line, cut to ``prefixesPerEdge`` with a "+k more" line.
    func listed(_ items: [String]) -> [String] {
        guard items.count > prefixesPerEdge else { return items }
        return Array(items.prefix(prefixesPerEdge)) + ["+\(items.count - prefixesPerEdge) more"]
    }
}

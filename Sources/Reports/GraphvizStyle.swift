/// The look of every kind of node and edge of ``GraphvizDOT``, in one place so the legend and the
/// picture agree. Each edge carries a `class` attribute (its kind; Graphviz copies it into SVG) so
/// a picture can be restyled and tests can find edges by kind.
enum GraphvizStyle {
    static let font = "Helvetica"
    /// Next-hop flows: TR table to attachment, connection table to tunnel.
    static let nextHopColor = "#1f4e99"
    /// `CLOUD` rows: what Advertise Routes sends to the data center.
    static let advertiseColor = "#7b3294"
    static let associationColor = "#d95f02"
    static let propagationColor = "#1b9e77"
    static let upColor = "#1a9641"
    static let downColor = "#d7191c"

    // MARK: Edges

    /// A flow edge: solid and thick when Active, dashed when Standby, dotted and grey otherwise.
    static func flow(_ status: FlowStatus, kind: String, color: String, label: [String]) -> [String: String] {
        var attributes = ["class": "flow \(kind) \(status.name)", "label": label.joined(separator: "\n")]
        switch status {
        case .active:
            attributes["color"] = color
            attributes["fontcolor"] = color
            attributes["penwidth"] = "2"
        case .standby:
            attributes["color"] = color
            attributes["fontcolor"] = color
            attributes["style"] = "dashed"
        case .inactive:
            attributes["color"] = "gray60"
            attributes["fontcolor"] = "gray40"
            attributes["style"] = "dotted"
        }
        return attributes
    }

    /// Attachment → the table it is associated with (it forwards and advertises with that table).
    static let association: [String: String] = [
        "class": "association", "label": "associated", "color": associationColor, "fontcolor": associationColor,
        "style": "bold", "arrowhead": "odiamond", "constraint": "false",
    ]

    /// Attachment → a table its routes propagate into.
    static let propagation: [String: String] = [
        "class": "propagation", "label": "propagates", "color": propagationColor, "fontcolor": propagationColor,
        "arrowhead": "onormal", "constraint": "false",
    ]

    /// VPN attachment — the tables of its connection.
    static let attachmentLink: [String: String] = ["class": "attachment", "color": "gray40", "arrowhead": "none"]

    /// Tunnel — the far end: green when it forwards, dashed red with the reason when it does not.
    static func tunnel(up: Bool, reason: String?) -> [String: String] {
        up ? ["class": "tunnel up", "label": "up", "color": upColor, "fontcolor": upColor, "penwidth": "2", "arrowhead": "none"]
            : ["class": "tunnel down", "label": "down: \(reason ?? "down")", "color": downColor, "fontcolor": downColor,
               "style": "dashed", "arrowhead": "none"]
    }

    // MARK: Nodes

    static let nodeDefaults: [String: String] = ["fontname": font, "fontsize": "11", "shape": "box", "style": "rounded"]
    static let edgeDefaults: [String: String] = ["fontname": font, "fontsize": "10"]
    static let routeTable: [String: String] = ["shape": "box", "style": "rounded,filled", "fillcolor": "#deebf7"]
    static let attachment: [String: String] = ["shape": "box", "style": "filled", "fillcolor": "#fdf0e0"]
    static let connectionTable: [String: String] = ["shape": "tab", "style": "filled", "fillcolor": "#f2f2f2"]
    static let dataCenter: [String: String] = ["shape": "box3d", "style": "filled", "fillcolor": "#e5f5e0"]
    static let gateway: [String: String] = ["shape": "box3d", "style": "dashed"]
    static let blackhole: [String: String] = ["shape": "octagon", "style": "filled", "fillcolor": "gray20", "fontcolor": "white"]

    /// A tunnel node: red and dashed when down.
    static func tunnelNode(up: Bool) -> [String: String] {
        up ? ["shape": "ellipse", "color": upColor]
            : ["shape": "ellipse", "color": downColor, "fontcolor": downColor, "style": "dashed"]
    }

    /// The legend's rows: a text and the edge style it explains.
    static var legend: [(text: String, attributes: [String: String])] {
        [
            ("next hop, Active (ECMP: several)", flow(.active, kind: "next-hop", color: nextHopColor, label: [])),
            ("next hop, Standby", flow(.standby, kind: "next-hop", color: nextHopColor, label: [])),
            ("Rejected / unpublished", flow(.inactive, kind: "next-hop", color: nextHopColor, label: [])),
            ("advertised to the data center (CLOUD)", flow(.active, kind: "advertise", color: advertiseColor, label: [])),
            ("associated with table", association.merging(["label": ""]) { $1 }),
            ("propagates into table", propagation.merging(["label": ""]) { $1 }),
            ("tunnel up", tunnel(up: true, reason: nil).merging(["label": ""]) { $1 }),
            ("tunnel down", tunnel(up: false, reason: nil).merging(["label": ""]) { $1 }),
        ]
    }
}

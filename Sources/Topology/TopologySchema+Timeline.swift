import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Reading the simulation parts of a topology: `simulation`, `timeline[]` and `expect[]`.
extension SchemaReader {
    /// The longest time a file may name: one day of virtual time.
    static let maximumSeconds = 86_400.0

    /// Seconds (integer or fraction) as a `Duration`, rounded to the millisecond.
    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }

    static func simulationSettings(_ r: JSONReader) -> SimulationSettings {
        r.rejectUnknownFields(allowed: ["hold_time", "keepalive_time", "connect_retry_time", "link_delay",
                                        "ipsec_negotiation_time", "duration"])
        var settings = SimulationSettings()
        if let hold = r.int("hold_time", in: 0 ... 65535) {
            if hold == 1 || hold == 2 {
                r.report(.invalidValue, field: "hold_time", "a hold time is 0 or at least 3 seconds (RFC 4271 §4.2)")
            }
            settings.holdTime = .seconds(hold)
        }
        if let keepalive = r.int("keepalive_time", in: 1 ... 21845) { settings.keepaliveTime = .seconds(keepalive) }
        if let retry = r.int("connect_retry_time", in: 1 ... 65535) { settings.connectRetryTime = .seconds(retry) }
        if let delay = r.double("link_delay", in: 0 ... 10) { settings.linkDelay = duration(seconds: delay) }
        if let negotiation = r.double("ipsec_negotiation_time", in: 0 ... 600) { settings.negotiationTime = duration(seconds: negotiation) }
        if let length = r.double("duration", in: 0 ... maximumSeconds) { settings.duration = duration(seconds: length) }
        return settings
    }

    static func timelineEvent(_ r: JSONReader) -> TimelineEvent? {
        let at = r.double("at", in: 0 ... maximumSeconds, required: true)
        let kind = r.string("event", required: true)
        var allowed = ["at", "event", "description"]
        _ = r.string("description")
        defer { r.rejectUnknownFields(allowed: allowed) }
        guard let kind else { return nil }
        guard TimelineEvent.Action.names.contains(kind) else {
            var message = "unknown event '\(kind)'; events are \(TimelineEvent.Action.names.joined(separator: ", "))"
            if let close = EditDistance.suggestion(for: kind, among: TimelineEvent.Action.names) { message += "; did you mean '\(close)'?" }
            r.report(.invalidValue, field: "event", message)
            allowed += r.keys
            return nil
        }
        let action: TimelineEvent.Action?
        switch kind {
        case "tunnel_down", "tunnel_up", "dpd_timeout", "session_reset":
            allowed += ["connection", "tunnel"]
            let connection = r.string("connection", required: true)
            let tunnel = r.int("tunnel", in: 1 ... 2, required: true)
            guard let connection, let tunnel else { return nil }
            switch kind {
            case "tunnel_down": action = .tunnelDown(connection: connection, tunnel: tunnel)
            case "tunnel_up": action = .tunnelUp(connection: connection, tunnel: tunnel)
            case "dpd_timeout": action = .peerSilent(connection: connection, tunnel: tunnel)
            default: action = .sessionReset(connection: connection, tunnel: tunnel)
            }
        case "announce", "withdraw":
            allowed += ["connection", "tunnel", kind == "announce" ? "routes" : "prefixes"]
            let connection = r.string("connection", required: true)
            let tunnel = r.int("tunnel", in: 1 ... 2)
            let tunnels = tunnel.map { [$0] } ?? (r.contains("tunnel") ? [] : [1, 2])
            if kind == "announce" {
                let routes = (r.objects("routes", required: true) ?? []).compactMap(announcement)
                guard let connection, !tunnels.isEmpty else { return nil }
                action = .announce(connection: connection, tunnels: tunnels, routes: routes)
            } else {
                let prefixes = r.strings("prefixes", required: true, as: prefix)
                guard let connection, let prefixes, !tunnels.isEmpty else { return nil }
                action = .withdraw(connection: connection, tunnels: tunnels, prefixes: prefixes)
            }
        case "set":
            allowed += ["connection", "setting", "value"]
            let connection = r.string("connection", required: true)
            let setting = r.string("setting", required: true, as: { text throws -> AdvancedSetting in
                let keys = AdvancedSetting.allCases.map(\.fileKey)
                guard let setting = AdvancedSetting.allCases.first(where: { $0.fileKey == text }) else {
                    var message = "a setting is \(keys.joined(separator: ", "))"
                    if let close = EditDistance.suggestion(for: text, among: keys) { message += "; did you mean '\(close)'?" }
                    throw ValueRejection.invalid(message)
                }
                return setting
            })
            let value = r.bool("value", required: true)
            guard let connection, let setting, let value else { return nil }
            action = .setting(connection: connection, setting: setting, on: value)
        case "route_map_add":
            allowed += ["route_map"]
            guard let map = r.object("route_map", required: true).flatMap(routeMap) else { return nil }
            action = .addRouteMap(map)
        default:  // route_map_remove
            allowed += ["priority", "transmit_direction"]
            let priority = r.int("priority", in: 1 ... 100, required: true)
            let direction = r.choice("transmit_direction", as: CenRouteMap.Direction.self, required: true)
            guard let priority, let direction else { return nil }
            action = .removeRouteMap(priority: priority, direction: direction)
        }
        guard let at, let action else { return nil }
        return TimelineEvent(at: duration(seconds: at), action: action, path: r.path)
    }

    static func expectation(_ r: JSONReader) -> Expectation? {
        r.rejectUnknownFields(allowed: ["at", "description"] + Expectation.matchedKeys)
        let at = r.double("at", in: 0 ... maximumSeconds)
        let description = r.string("description", default: "")
        for key in Expectation.matchedKeys { _ = r.object(key) }
        if Expectation.matchedKeys.allSatisfy({ !r.contains($0) }) {
            r.report(.missingField, "an expect block needs at least one of \(Expectation.matchedKeys.joined(separator: ", "))")
        }
        guard let description, r.contains("at") == (at != nil) else { return nil }
        return Expectation(at: at.map { duration(seconds: $0) }, description: description, match: r.node, path: r.path)
    }
}

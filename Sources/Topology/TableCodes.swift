import BGPRouting
import CloudRouting
import ConnectionParameters

// The words and codes the tables print for the engine's typed states: the console's words for
// statuses (`Active`, `published`), snake_case codes for reasons (`as_path_loop`, `as_path_length`).
// Text exists here, where it is printed (tables, JSON, expectations), and nowhere in the engine.

extension ConnectionRouteStatus {
    /// The console's word (`published`, `unpublished`, `Active`, `Standby`, `Rejected`).
    public var text: String {
        switch self {
        case .published: "published"
        case .unpublished: "unpublished"
        case .active: "Active"
        case .standby: "Standby"
        case .rejected: "Rejected"
        }
    }
}

extension ConnectionRouteReason {
    /// `no usable tunnel`, the rejection code, or the decision step's name.
    public var text: String {
        switch self {
        case .noUsableTunnel: "no usable tunnel"
        case .rejected(let reason): reason.rawValue
        case .lostAt(let step): step.code
        }
    }
}

extension TunnelDecisionStep {
    /// The step's code: `active_standby` (the setting), `as_path_length`, `med`, `origin`, …
    public var code: String {
        switch self {
        case .localPreference: "local_preference"
        case .asPathLength: "as_path_length"
        case .origin: "origin"
        case .med: "med"
        case .externalOverInternal: "ebgp_over_ibgp"
        case .activeStandby: "active_standby"
        case .routerID: "router_id"
        case .clusterListLength: "cluster_list_length"
        case .peerAddress: "peer_address"
        }
    }
}

extension TransitRouterRouteReason {
    /// The selection step's code, or `route map PRIORITY`.
    public var text: String {
        switch self {
        case .lostAt(let step): step.rawValue
        case .routeMap(let priority): "route map \(priority)"
        }
    }
}

extension TransitRouterNextHopType {
    /// The API's word (`TransitRouterRouteEntryNextHopType`): `Attachment` or `BlackHole`.
    public var text: String {
        switch self {
        case .attachment: "Attachment"
        case .blackHole: "BlackHole"
        }
    }
}

extension TunnelDownReason {
    /// `DPD timeout`, `administratively down`, `negotiating`, the negotiation code, or `down`.
    public var text: String {
        switch self {
        case .dpdTimeout: "DPD timeout"
        case .administrativelyDown: "administratively down"
        case .negotiating: "negotiating"
        case .negotiation(let state): state.rawValue
        case .down: "down"
        }
    }

    /// The stable snake_case code of JSON output (`dpd_timeout`, `administratively_down`,
    /// `negotiating`, the negotiation code such as `psk_mismatch`, or `down`).
    public var code: String {
        switch self {
        case .dpdTimeout: "dpd_timeout"
        case .administrativelyDown: "administratively_down"
        case .negotiating: "negotiating"
        case .negotiation(let state): state.code
        case .down: "down"
        }
    }
}

extension ConnectionRouteEntry {
    /// Status and reason as one cell: `Standby (as_path_length)`.
    public var statusText: String { status.text + (reason.map { " (\($0.text))" } ?? "") }
}

extension ConnectionRoutePath {
    /// Status and reason as one cell: `Standby (as_path_length)`.
    public var statusText: String { status.text + (reason.map { " (\($0.text))" } ?? "") }
}

extension TransitRouterRouteEntry {
    /// Status and reason as one cell: `Standby (as_path_length)`.
    public var statusText: String { status.rawValue + (reason.map { " (\($0.text))" } ?? "") }
}

import BGPRouting

/// The step that decided between a connection's two tunnel paths for one prefix, as a Standby row
/// names it (reference §10 items 3 and 13): the RFC 4271 §9.1.2.2 steps that can differ between
/// the two tunnels, and the active/standby setting.
public enum TunnelDecisionStep: Sendable, Hashable, CaseIterable {
    /// RFC 4271 §9.1.1: the higher LOCAL_PREF.
    case localPreference
    /// RFC 4271 §9.1.2.2 a: the shorter AS_PATH (the data center prepends on one tunnel).
    case asPathLength
    /// RFC 4271 §9.1.2.2 b: the lower ORIGIN.
    case origin
    /// RFC 4271 §9.1.2.2 c: the lower MULTI_EXIT_DISC.
    case med
    /// RFC 4271 §9.1.2.2 d: eBGP over iBGP (both tunnels are eBGP: never decides between them).
    case externalOverInternal
    /// The connection's active/standby setting (§10 item 3): tunnel 1 (master) is preferred while
    /// the paths tie on the steps before.
    case activeStandby
    /// RFC 4271 §9.1.2.2 f and after, between ECMP paths: only picks which path is listed first.
    case routerID
    case clusterListLength
    case peerAddress

    /// The step of a connection's decision. The connection table runs the active/standby setting as
    /// an interior cost of 1 on tunnel 2 (RFC 4271 §9.1.2.2 e): there is no IGP between the tunnels,
    /// so in a connection's table that step is the setting.
    public init(_ step: TieBreaker) {
        switch step {
        case .localPreference: self = .localPreference
        case .asPathLength: self = .asPathLength
        case .origin: self = .origin
        case .multiExitDiscriminator: self = .med
        case .externalOverInternal: self = .externalOverInternal
        case .interiorCost: self = .activeStandby
        case .routerID: self = .routerID
        case .clusterListLength: self = .clusterListLength
        case .peerAddress: self = .peerAddress
        }
    }
}

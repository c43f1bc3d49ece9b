import BGPWire
import NetworkPrimitives

/// Which session a route came from or goes to: a tunnel of a connection.
public struct RouteSessionKey: Sendable, Hashable {
    public var connectionID: String
    public var tunnel: Int
    public init(connectionID: String, tunnel: Int) {
        self.connectionID = connectionID
        self.tunnel = tunnel
    }
}

/// Where a session's routes come from and go to: what it learns from the peer (its Adj-RIB-In side,
/// RFC 4271 §3.2) and what it offers the peer before the session's export rewriting.
/// ``CloudModelAdapter`` is the cloud side's; the simulator's data-center side has its own.
public protocol SessionRoutes {
    /// Routes from the peer: `announced` with `attributes` (already checked), `withdrawn`.
    mutating func learn(announced: [IPv4Prefix], attributes: PathAttributes, withdrawn: [IPv4Prefix], from key: RouteSessionKey)
    /// The session ended: forget every route learned over it (RFC 4271 §9.1).
    mutating func forget(from key: RouteSessionKey)
    /// The prefixes currently learned over the session.
    func learnedPrefixes(from key: RouteSessionKey) -> [IPv4Prefix]
    /// The prefixes offered to the session's peer.
    func offeredPrefixes(to key: RouteSessionKey) -> [IPv4Prefix]
    /// The route offered for `prefix`, or `nil`.
    func offered(_ prefix: IPv4Prefix, to key: RouteSessionKey) -> PathAttributes?
    /// Applies what ``learn(announced:attributes:withdrawn:from:)`` may have held back to apply in
    /// one go (the driver calls it at the end of each read and before anything reads the routes).
    mutating func flush()
}

extension SessionRoutes {
    /// Nothing held back.
    public mutating func flush() {}
}

/// The `simulation` object of a topology: the timers and delays of ``TimelineEvent`` runs.
/// Defaults follow reference §4 (hold 90 s, keepalive 30 s) and are documented in
/// `Topologies/README.md`, "Simulation".
public struct SimulationSettings: Sendable, Hashable {
    /// The Hold Time both sides propose (RFC 4271 §4.2): 0, or 3–65535 seconds.
    public var holdTime: Duration = .seconds(90)
    /// The KeepaliveTime (RFC 4271 §10); at most a third of the negotiated hold time.
    public var keepaliveTime: Duration = .seconds(30)
    /// The data center's ConnectRetryTime (RFC 4271 §10): how often it retries a lost session.
    public var connectRetryTime: Duration = .seconds(5)
    /// One-way delay of every packet over a tunnel.
    public var linkDelay: Duration = .milliseconds(5)
    /// How long IKE and IPsec take to bring a tunnel up (at the start, and after `tunnel_up`).
    public var negotiationTime: Duration = .seconds(1)
    /// How long to run; `nil`: until 180 s after the last event or expectation.
    public var duration: Duration?

    public init() {}

    /// The time after the last event at which a run ends by default: enough for DPD (30 s) and
    /// two hold times (90 s) to play out.
    public static let settleTime: Duration = .seconds(180)
}

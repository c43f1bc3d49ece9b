/// The IKE negotiation mode (`tunnel_ike_config.ike_mode`, API `IkeMode`).
///
/// Seed "Negotiation Mode": main (default, more secure negotiation) | aggressive (faster, higher
/// success rate). Both give the same data security. The mode is an IKEv1 notion (RFC 2409 §5);
/// IKEv2 has a single exchange, so the emulator ignores the mode when both ends use IKEv2.
public enum IKEMode: String, ConfigChoice {
    /// Main mode, the default.
    case main
    /// Aggressive mode; recommended with an FQDN LocalId/RemoteId (seed "LocalId").
    case aggressive

    /// ``main`` (seed; reference §6).
    public static let `default`: IKEMode = .main
}

extension IKEMode: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}

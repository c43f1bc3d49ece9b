/// A tunnel's role label (read-back `Role`, Terraform computed `role`): master | slave.
///
/// The API says the role follows the order the tunnels are added (reference §2, S19); the
/// emulator ties it to `tunnel_index` (1 = master, 2 = slave). On a transit router both tunnels
/// forward (ECMP) when up, so the role is a label (reference §2, §10.3).
public enum TunnelRole: String, Sendable, Hashable, CaseIterable {
    /// Tunnel 1 ("Primary" in the console).
    case master
    /// Tunnel 2 ("Backup" in the console).
    case slave
}

extension TunnelRole: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}

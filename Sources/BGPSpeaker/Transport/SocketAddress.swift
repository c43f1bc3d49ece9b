import NetworkPrimitives

/// The address of one end of a stream socket: an IP address and TCP port, or a Unix-domain path.
public enum SocketAddress: Sendable, Hashable {
    /// An IPv4 or IPv6 address and a TCP port (RFC 9293).
    case inet(IPAddress, port: UInt16)
    /// A Unix-domain socket path (`unix(7)`); empty for an unnamed peer such as an unbound client.
    case unix(path: String)

    /// The IP address, or `nil` for a Unix-domain address.
    public var ipAddress: IPAddress? {
        guard case .inet(let address, _) = self else { return nil }
        return address
    }

    /// The TCP port, or `nil` for a Unix-domain address.
    public var port: UInt16? {
        guard case .inet(_, let port) = self else { return nil }
        return port
    }
}

extension SocketAddress: CustomStringConvertible {
    /// `192.0.2.1:179`, `[2001:db8::1]:179` or `unix:/run/transit-bgp.sock`.
    public var description: String {
        switch self {
        case .inet(.v4(let address), let port): return "\(address):\(port)"
        case .inet(.v6(let address), let port): return "[\(address)]:\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}

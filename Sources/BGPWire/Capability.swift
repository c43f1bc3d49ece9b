import NetworkPrimitives

/// A BGP capability advertised in OPEN (RFC 5492). Unknown capabilities are kept as raw bytes.
public enum Capability: Sendable, Hashable {
    /// 1: Multiprotocol Extensions for one AFI/SAFI (RFC 4760 §8).
    case multiprotocol(AddressFamily)
    /// 2: Route Refresh (RFC 2918).
    case routeRefresh
    /// 6: Extended Message (RFC 8654).
    case extendedMessage
    /// 9: BGP Role (RFC 9234 §4.1).
    case role(BGPRole)
    /// 64: Graceful Restart (RFC 4724 §3).
    case gracefulRestart(GracefulRestartCapability)
    /// 65: Support for 4-octet AS numbers, carrying the speaker's ASN (RFC 6793 §3).
    case fourOctetAS(ASNumber)
    /// 69: ADD-PATH (RFC 7911 §4).
    case addPath([AddPathEntry])
    /// 70: Enhanced Route Refresh (RFC 7313 §3.1).
    case enhancedRouteRefresh
    /// 73: FQDN (draft-walton-bgp-hostname-capability): hostname and domain name.
    case fqdn(hostname: String, domain: String)
    /// Any other code, with its value as received.
    case unrecognized(code: UInt8, value: [UInt8])

    /// The capability code.
    public var code: UInt8 {
        switch self {
        case .multiprotocol: CapabilityCode.multiprotocol
        case .routeRefresh: CapabilityCode.routeRefresh
        case .extendedMessage: CapabilityCode.extendedMessage
        case .role: CapabilityCode.role
        case .gracefulRestart: CapabilityCode.gracefulRestart
        case .fourOctetAS: CapabilityCode.fourOctetAS
        case .addPath: CapabilityCode.addPath
        case .enhancedRouteRefresh: CapabilityCode.enhancedRouteRefresh
        case .fqdn: CapabilityCode.fqdn
        case .unrecognized(let code, _): code
        }
    }
}

/// The BGP Role of a speaker (RFC 9234 §4.1).
public enum BGPRole: UInt8, Sendable, Hashable {
    case provider = 0
    case routeServer = 1
    case routeServerClient = 2
    case customer = 3
    case peer = 4
}

/// Graceful Restart capability contents (RFC 4724 §3).
public struct GracefulRestartCapability: Sendable, Hashable {
    /// Restart State bit (R).
    public var restarting: Bool
    /// Graceful Notification bit (N, RFC 8538).
    public var notification: Bool
    /// Restart Time in seconds, 0...4095.
    public var restartTime: UInt16
    /// The families whose forwarding state is preserved, with the Forwarding State bit.
    public var families: [Family]

    public struct Family: Sendable, Hashable {
        public var family: AddressFamily
        public var forwardingStatePreserved: Bool
        public init(family: AddressFamily, forwardingStatePreserved: Bool) {
            self.family = family
            self.forwardingStatePreserved = forwardingStatePreserved
        }
    }

    public init(restarting: Bool = false, notification: Bool = false, restartTime: UInt16, families: [Family] = []) {
        self.restarting = restarting
        self.notification = notification
        self.restartTime = restartTime
        self.families = families
    }
}

/// One ADD-PATH entry (RFC 7911 §4).
public struct AddPathEntry: Sendable, Hashable {
    public var family: AddressFamily
    public var mode: Mode

    public enum Mode: UInt8, Sendable, Hashable {
        case receive = 1
        case send = 2
        case both = 3
    }

    public init(family: AddressFamily, mode: Mode) {
        self.family = family
        self.mode = mode
    }
}

/// IANA code points used by the codec, each with the RFC that defines it.
/// Registry: https://www.iana.org/assignments/bgp-parameters
public enum CodePoints {}

/// BGP message types (RFC 4271 §4.1, RFC 2918).
public enum MessageType: UInt8, Sendable, Hashable, CaseIterable {
    /// RFC 4271 §4.2.
    case open = 1
    /// RFC 4271 §4.3.
    case update = 2
    /// RFC 4271 §4.5.
    case notification = 3
    /// RFC 4271 §4.4.
    case keepalive = 4
    /// RFC 2918, RFC 7313.
    case routeRefresh = 5
}

/// Path attribute type codes (IANA "BGP Path Attributes").
public enum AttributeType {
    /// RFC 4271 §5.1.1.
    public static let origin: UInt8 = 1
    /// RFC 4271 §5.1.2.
    public static let asPath: UInt8 = 2
    /// RFC 4271 §5.1.3.
    public static let nextHop: UInt8 = 3
    /// RFC 4271 §5.1.4.
    public static let multiExitDiscriminator: UInt8 = 4
    /// RFC 4271 §5.1.5.
    public static let localPreference: UInt8 = 5
    /// RFC 4271 §5.1.6.
    public static let atomicAggregate: UInt8 = 6
    /// RFC 4271 §5.1.7.
    public static let aggregator: UInt8 = 7
    /// RFC 1997.
    public static let communities: UInt8 = 8
    /// RFC 4456.
    public static let originatorID: UInt8 = 9
    /// RFC 4456.
    public static let clusterList: UInt8 = 10
    /// RFC 4760 §3.
    public static let mpReachNLRI: UInt8 = 14
    /// RFC 4760 §4.
    public static let mpUnreachNLRI: UInt8 = 15
    /// RFC 4360.
    public static let extendedCommunities: UInt8 = 16
    /// RFC 6793.
    public static let as4Path: UInt8 = 17
    /// RFC 6793.
    public static let as4Aggregator: UInt8 = 18
    /// RFC 8092.
    public static let largeCommunity: UInt8 = 32
    /// RFC 9234 §5.
    public static let onlyToCustomer: UInt8 = 35
}

/// Capability codes (IANA "Capability Codes", RFC 5492).
public enum CapabilityCode {
    /// RFC 4760 §8.
    public static let multiprotocol: UInt8 = 1
    /// RFC 2918.
    public static let routeRefresh: UInt8 = 2
    /// RFC 8654.
    public static let extendedMessage: UInt8 = 6
    /// RFC 9234 §4.1.
    public static let role: UInt8 = 9
    /// RFC 4724 §3.
    public static let gracefulRestart: UInt8 = 64
    /// RFC 6793 §3.
    public static let fourOctetAS: UInt8 = 65
    /// RFC 7911 §4.
    public static let addPath: UInt8 = 69
    /// RFC 7313 §3.1.
    public static let enhancedRouteRefresh: UInt8 = 70
    /// draft-walton-bgp-hostname-capability (IANA: FQDN).
    public static let fqdn: UInt8 = 73
}

/// Optional parameter types of the OPEN message (RFC 4271 §4.2, RFC 5492, RFC 9072).
public enum OptionalParameterType {
    /// RFC 5492 §4: Capabilities.
    public static let capabilities: UInt8 = 2
    /// RFC 9072 §2: the Non-Ext OP Type that marks the extended optional parameter length.
    public static let extendedLength: UInt8 = 255
}

/// Named size limits of the protocol; every length read from the wire is checked against these.
public enum BGPLimits {
    /// RFC 4271 §4.1: the smallest message (the header alone).
    public static let headerLength = 19
    /// RFC 4271 §4.1: the largest message without Extended Message.
    public static let maxMessageLength = 4096
    /// RFC 8654: the largest message once Extended Message is negotiated.
    public static let maxExtendedMessageLength = 65535
    /// RFC 4271 §4.2: OPEN without optional parameters.
    public static let minOpenLength = 29
    /// RFC 4271 §4.3: UPDATE with empty fields.
    public static let minUpdateLength = 23
    /// RFC 4271 §4.5: NOTIFICATION with no data.
    public static let minNotificationLength = 21
    /// RFC 2918 §3: ROUTE-REFRESH.
    public static let routeRefreshLength = 23
    /// RFC 9003 §2: the longest shutdown communication.
    public static let maxShutdownCommunicationLength = 255
}

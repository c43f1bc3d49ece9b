/// What the codec must know about the session to read and write its messages.
///
/// The session layer fills it in from the negotiated capabilities (RFC 5492); a fresh session
/// uses ``standard`` until both OPENs are exchanged.
public struct CodecOptions: Sendable, Hashable {
    /// RFC 6793: both sides advertised the 4-octet AS capability, so AS_PATH and AGGREGATOR carry
    /// 4-octet ASNs. When false, AS numbers are 2 octets and AS4_PATH / AS4_AGGREGATOR are used.
    public var fourOctetAS: Bool
    /// RFC 8654: both sides advertised Extended Message, so messages may reach 65535 octets.
    public var extendedMessage: Bool
    /// Whether the peer is external (eBGP). RFC 7606 §7.5, §7.9, §7.10 and RFC 5065 §5.3 treat some
    /// attributes from external peers specially (LOCAL_PREF discarded, confederation segments malformed).
    public var peerIsExternal: Bool

    public init(fourOctetAS: Bool = true, extendedMessage: Bool = false, peerIsExternal: Bool = true) {
        self.fourOctetAS = fourOctetAS
        self.extendedMessage = extendedMessage
        self.peerIsExternal = peerIsExternal
    }

    /// 4-octet ASNs, 4096-octet messages, external peer.
    public static let standard = CodecOptions()

    /// The largest message length allowed: 4096, or 65535 with Extended Message (RFC 8654 §4).
    public var maxMessageLength: Int {
        extendedMessage ? BGPLimits.maxExtendedMessageLength : BGPLimits.maxMessageLength
    }

    /// The size of an ASN in AS_PATH and AGGREGATOR: 4 or 2 octets.
    @inlinable
    public var asnSize: Int { fourOctetAS ? 4 : 2 }
}

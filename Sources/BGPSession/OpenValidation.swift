import BGPWire
import NetworkPrimitives

/// The checks RFC 4271 §6.2 applies to a received OPEN against the peering's configuration.
///
/// The decoder (``BGPWire/OpenMessage/init(decoding:)``) already rejects what needs no
/// configuration; the machine repeats those checks because an ``OpenMessage`` can also be built in
/// memory (by a simulator), then adds the configured ones. Capabilities (RFC 5492): none is
/// required, so an OPEN is never refused for lacking one, and unknown ones are ignored.
public enum OpenValidation {
    /// The NOTIFICATION a received OPEN draws, or `nil` when it is acceptable. Checks, in order:
    ///
    /// 1. Version 4, else Unsupported Version Number with the largest supported version (4) as a
    ///    2-octet data field (RFC 4271 §6.2).
    /// 2. The peer's AS (the 4-octet AS capability's when present, RFC 6793 §4.1) equals
    ///    ``SessionConfig/peerASN``, else Bad Peer AS.
    /// 3. The Hold Time is 0 or at least 3 seconds and at least ``SessionConfig/minimumHoldTime``,
    ///    else Unacceptable Hold Time.
    /// 4. The BGP Identifier is not 0 and, for an internal peer, differs from ours (RFC 6286 §2.2),
    ///    else Bad BGP Identifier.
    public static func notification(for open: OpenMessage, config: SessionConfig) -> NotificationMessage? {
        guard open.version == OpenMessage.supportedVersion else {
            return NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.unsupportedVersionNumber,
                                       data: [0, OpenMessage.supportedVersion])
        }
        guard open.autonomousSystem == config.peerASN else {
            return NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.badPeerAS)
        }
        let hold = Int64(open.holdTime)
        guard hold == 0 || hold >= config.minimumAcceptableHoldTime else {
            return NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.unacceptableHoldTime)
        }
        guard open.identifier.rawValue != 0, !(config.isInternal && open.identifier == config.routerID) else {
            return NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.badBGPIdentifier)
        }
        return nil
    }
}

import BGPWire

extension SessionEvent {
    /// The event a decoded message raises (RFC 4271 §8.1.5).
    ///
    /// An OPEN is Event 20 while the DelayOpenTimer runs and Event 19 otherwise; a NOTIFICATION
    /// with OPEN Message Error / Unsupported Version Number is Event 24, any other Event 25.
    /// - Parameters:
    ///   - message: the decoded message.
    ///   - delayOpenTimerRunning: whether the machine's DelayOpenTimer runs
    ///     (``BGPSession/isDelayOpenTimerRunning``); ``BGPSession/handle(received:)`` fills it in.
    public init(received message: BGPMessage, delayOpenTimerRunning: Bool) {
        switch message {
        case .open(let open):
            self = delayOpenTimerRunning ? .bgpOpenWithDelayOpenTimerRunning(open) : .bgpOpen(open)
        case .update(let update):
            self = .updateMessage(update)
        case .notification(let notification):
            let versionError = notification.code == .openMessageError
                && notification.subcode == OpenMessageSubcode.unsupportedVersionNumber
            self = versionError ? .notificationVersionError(notification) : .notification(notification)
        case .keepalive:
            self = .keepaliveMessage
        case .routeRefresh(let refresh):
            self = .routeRefreshMessage(refresh)
        }
    }

    /// The event a decode failure raises: Event 21 for a Message Header Error, Event 22 for an
    /// OPEN Message Error, Event 28 for an UPDATE or ROUTE-REFRESH Message Error (RFC 4271 §6,
    /// RFC 7313 §5). Any other code is reported as a header error. The event carries the
    /// NOTIFICATION the decoder prescribed.
    public init(decodeError: BGPDecodeError) {
        let notification = decodeError.notification
        switch notification.code {
        case .openMessageError: self = .bgpOpenMessageError(notification)
        case .updateMessageError, .routeRefreshMessageError: self = .updateMessageError(notification)
        default: self = .bgpHeaderError(notification)
        }
    }
}

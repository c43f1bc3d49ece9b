/// A BGP message of any type (RFC 4271 §4).
public enum BGPMessage: Sendable, Hashable {
    case open(OpenMessage)
    case update(UpdateMessage)
    case notification(NotificationMessage)
    case keepalive
    case routeRefresh(RouteRefreshMessage)

    /// The message type.
    public var type: MessageType {
        switch self {
        case .open: .open
        case .update: .update
        case .notification: .notification
        case .keepalive: .keepalive
        case .routeRefresh: .routeRefresh
        }
    }
}

/// Why a message could not be encoded.
public struct BGPEncodeError: Error, Sendable, Hashable {
    /// The encoded length.
    public var length: Int
    /// The largest length allowed for the session.
    public var maximum: Int
}

extension BGPMessage {
    /// Decodes one framed message.
    ///
    /// A ROUTE-REFRESH with an unknown subtype is ignored (RFC 7313 §5) and yields `nil`.
    /// - Throws: ``BGPDecodeError`` carrying the NOTIFICATION to send.
    public static func decode(_ frame: MessageFrame, options: CodecOptions = .standard) throws(BGPDecodeError) -> BGPMessage? {
        var body = frame.body
        switch frame.type {
        case .open:
            return .open(try OpenMessage(decoding: &body))
        case .update:
            return .update(try UpdateMessage(decoding: &body, options: options))
        case .keepalive:
            return .keepalive
        case .notification:
            let code = body.readUInt8() ?? 0
            let subcode = body.readUInt8() ?? 0
            return .notification(NotificationMessage(code: NotificationCode(rawValue: code), subcode: subcode,
                                                     data: body.remainingBytes))
        case .routeRefresh:
            var whole = ByteWriter(capacity: frame.length)
            writeHeader(length: frame.length, type: .routeRefresh, into: &whole)
            whole.write(contentsOf: frame.body.remainingBytes)
            return try RouteRefreshMessage.decode(&body, wholeMessage: whole.bytes).map(BGPMessage.routeRefresh)
        }
    }

    /// Decodes one complete message (header included) from `bytes`.
    /// - Throws: ``BGPDecodeError``; trailing bytes after the message are a Bad Message Length.
    public static func decode(bytes: [UInt8], options: CodecOptions = .standard) throws(BGPDecodeError) -> BGPMessage? {
        var framer = MessageFramer(maxMessageLength: options.maxMessageLength)
        framer.append(bytes)
        guard let frame = try framer.next() else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: [],
                          "\(bytes.count) octets do not hold the whole message")
        }
        guard framer.bufferedByteCount == 0 else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: [],
                          "\(framer.bufferedByteCount) octets follow the message")
        }
        return try decode(frame, options: options)
    }

    /// Encodes the message with its header.
    /// - Throws: ``BGPEncodeError`` when it exceeds the session's maximum length.
    public func encode(options: CodecOptions = .standard) throws(BGPEncodeError) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        try encode(into: &writer, options: options)
        return writer.bytes
    }

    /// Appends the message with its header to `writer`.
    /// - Throws: ``BGPEncodeError`` when it exceeds the session's maximum length (nothing is appended).
    public func encode(into writer: inout ByteWriter, options: CodecOptions = .standard) throws(BGPEncodeError) {
        let start = writer.count
        BGPMessage.writeHeader(length: 0, type: type, into: &writer)
        switch self {
        case .open(let open): open.encode(into: &writer)
        case .update(let update): update.encode(into: &writer, options: options)
        case .notification(let notification):
            writer.write(notification.code.rawValue)
            writer.write(notification.subcode)
            writer.write(contentsOf: notification.data)
        case .keepalive: break
        case .routeRefresh(let refresh): refresh.encode(into: &writer)
        }
        let length = writer.count - start
        guard length <= options.maxMessageLength else {
            writer.truncate(to: start)
            throw BGPEncodeError(length: length, maximum: options.maxMessageLength)
        }
        writer.patchUInt16(UInt16(length), at: start + 16)
    }

    /// Writes the 19-octet header (RFC 4271 §4.1).
    static func writeHeader(length: Int, type: MessageType, into writer: inout ByteWriter) {
        for _ in 0 ..< 4 { writer.write(UInt32.max) }
        writer.write(UInt16(truncatingIfNeeded: length))
        writer.write(type.rawValue)
    }
}

extension BGPMessage: CustomStringConvertible {
    public var description: String {
        switch self {
        case .open(let o):
            "OPEN AS \(o.autonomousSystem) hold \(o.holdTime) id \(o.identifier) caps \(o.capabilities.count)"
        case .update(let u):
            "UPDATE withdrawn \(u.allWithdrawnPrefixes.count) announced \(u.allAnnouncedPrefixes.count)"
        case .notification(let n): n.description
        case .keepalive: "KEEPALIVE"
        case .routeRefresh(let r): "ROUTE-REFRESH \(r.family) \(r.subtype)"
        }
    }
}

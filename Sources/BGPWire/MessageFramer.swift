/// One whole BGP message cut from the byte stream: its type and its body (after the 19-octet header).
public struct MessageFrame: Sendable {
    /// The message type.
    public var type: MessageType
    /// The body, confined to the message's length.
    public var body: ByteReader
    /// The length field of the header (the whole message, header included).
    public var length: Int
}

/// Cuts a TCP byte stream into BGP messages (RFC 4271 §4.1), accepting bytes in arbitrary chunks.
///
/// The header is checked as soon as its 19 octets have arrived, before the body is awaited, with
/// the RFC 4271 §6.1 rules: marker all ones, length 19...max (4096, or 65535 after RFC 8654 Extended
/// Message), the per-type minimum lengths, and a known type. Any violation is a ``BGPDecodeError``
/// carrying the Message Header Error NOTIFICATION; the framer must not be used after one.
public struct MessageFramer: Sendable {
    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// The largest message accepted: 4096, or 65535 once Extended Message is negotiated.
    public var maxMessageLength: Int

    /// A framer for a new connection.
    public init(maxMessageLength: Int = BGPLimits.maxMessageLength) {
        self.maxMessageLength = maxMessageLength
    }

    /// The number of bytes received and not yet returned as messages.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds bytes received from the connection.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0 ..< readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message, or `nil` until more bytes arrive.
    /// - Throws: ``BGPDecodeError`` with a Message Header Error NOTIFICATION.
    public mutating func next() throws(BGPDecodeError) -> MessageFrame? {
        let available = buffer.count - readIndex
        guard available >= BGPLimits.headerLength else { return nil }
        let (type, length) = try checkedHeader()
        guard available >= length else { return nil }
        let body = ByteReader(buffer, range: readIndex + BGPLimits.headerLength ..< readIndex + length)
        readIndex += length
        return MessageFrame(type: type, body: body, length: length)
    }

    /// The fast path for a well-formed header; anything unusual goes to ``parseHeader(_:maxMessageLength:)``
    /// for the exact error.
    private func checkedHeader() throws(BGPDecodeError) -> (MessageType, Int) {
        let start = readIndex
        let fast: (MessageType, Int)? = buffer.withUnsafeBytes { raw in
            // The caller checked that 19 octets are available from `start`.
            guard raw.count - start >= BGPLimits.headerLength else { return nil }
            let marker0 = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)
            let marker1 = raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self)
            guard marker0 == UInt64.max, marker1 == UInt64.max else { return nil }
            let length = Int(raw[start + 16]) << 8 | Int(raw[start + 17])
            guard raw[start + 18] == MessageType.update.rawValue, length >= BGPLimits.minUpdateLength,
                  length <= maxMessageLength
            else { return nil }
            return (.update, length)
        }
        if let fast { return fast }
        var header = ByteReader(buffer, range: start ..< start + BGPLimits.headerLength)
        return try MessageFramer.parseHeader(&header, maxMessageLength: maxMessageLength)
    }

    /// Checks a 19-octet header (RFC 4271 §4.1, §6.1) and returns the message type and length.
    /// - Throws: ``BGPDecodeError`` with the Message Header Error NOTIFICATION §6.1 prescribes.
    public static func parseHeader(
        _ reader: inout ByteReader, maxMessageLength: Int
    ) throws(BGPDecodeError) -> (MessageType, Int) {
        for _ in 0 ..< 4 {
            guard let word = reader.readUInt32() else {
                throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: [],
                              "the header is shorter than 19 octets")
            }
            guard word == UInt32.max else {
                throw .header(.connectionNotSynchronized, subcode: MessageHeaderSubcode.connectionNotSynchronized,
                              data: [], "the marker is not all ones")
            }
        }
        guard let length16 = reader.readUInt16(), let rawType = reader.readUInt8() else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: [],
                          "the header is shorter than 19 octets")
        }
        let length = Int(length16)
        let lengthData = [UInt8(length16 >> 8), UInt8(length16 & 0xFF)]
        guard length >= BGPLimits.headerLength, length <= maxMessageLength else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: lengthData,
                          "length \(length) is outside 19...\(maxMessageLength)")
        }
        guard let type = MessageType(rawValue: rawType) else {
            throw .header(.badMessageType, subcode: MessageHeaderSubcode.badMessageType, data: [rawType],
                          "message type \(rawType) is not 1...5")
        }
        let minimum: Int
        switch type {
        case .open: minimum = BGPLimits.minOpenLength
        case .update: minimum = BGPLimits.minUpdateLength
        case .notification: minimum = BGPLimits.minNotificationLength
        case .keepalive: minimum = BGPLimits.headerLength
        case .routeRefresh: minimum = BGPLimits.headerLength  // RFC 7313 §5: checked with its own error code
        }
        guard length >= minimum, type != .keepalive || length == BGPLimits.headerLength else {
            throw .header(.badMessageLength, subcode: MessageHeaderSubcode.badMessageLength, data: lengthData,
                          "length \(length) is invalid for a \(type) message")
        }
        return (type, length)
    }
}

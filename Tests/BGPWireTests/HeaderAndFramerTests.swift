// The 19-octet header (RFC 4271 §4.1, §6.1) and MessageFramer: a byte stream cut into messages,
// whatever the chunking.

import Testing
import NetworkPrimitives
@testable import BGPWire

/// A stream of messages and how to decode each (options differ per session kind).
struct FramerStream {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var expected: [BGPMessage?] = []
    var options: [CodecOptions] = []

    mutating func append(_ message: [UInt8], expecting decoded: BGPMessage?, options: CodecOptions) {
        bytes += message
        ends.append(bytes.count)
        expected.append(decoded)
        self.options.append(options)
    }

    /// Every vector, then `randomCount` random messages.
    static func make(seed: UInt64, randomCount: Int) throws -> FramerStream {
        var stream = FramerStream()
        for vector in WireVectors.all {
            stream.append(vector.bytes, expecting: vector.message, options: vector.options)
        }
        var rng = SeededGenerator(seed: seed)
        for _ in 0 ..< randomCount {
            let message = RandomWire.message(&rng, options: .standard)
            stream.append(try message.encode(), expecting: message, options: .standard)
        }
        return stream
    }

    /// Feeds the stream in chunks whose sizes `nextChunk` picks; checks each message appears exactly
    /// when its last octet has arrived, and decodes it.
    func feed(maxMessageLength: Int = 4096, nextChunk: (Int) -> Int) throws -> [BGPMessage?] {
        var framer = MessageFramer(maxMessageLength: maxMessageLength)
        var decoded: [BGPMessage?] = []
        var position = 0
        while position < bytes.count {
            let size = min(max(1, nextChunk(bytes.count - position)), bytes.count - position)
            framer.append(bytes[position ..< position + size])
            position += size
            while let frame = try framer.next() {
                let index = decoded.count
                #expect(ends[index] <= position, "message \(index) framed before its last octet")
                decoded.append(try BGPMessage.decode(frame, options: options[index]))
            }
            let complete = ends.prefix { $0 <= position }.count
            #expect(decoded.count == complete, "after \(position) octets: \(decoded.count) messages, \(complete) complete")
            #expect(framer.bufferedByteCount == position - (decoded.isEmpty ? 0 : ends[decoded.count - 1]))
        }
        #expect(framer.bufferedByteCount == 0)
        #expect(try framer.next() == nil)
        return decoded
    }
}

@Suite struct HeaderAndFramerTests {
    // MARK: Drip feed

    @Test func streamHoldsEnoughVariedMessages() throws {
        let stream = try FramerStream.make(seed: 1, randomCount: 30)
        #expect(stream.expected.count >= 20)
        let types = Set(stream.expected.compactMap { $0?.type })
        #expect(types == Set(MessageType.allCases))
    }

    @Test func oneOctetAtATime() throws {
        let stream = try FramerStream.make(seed: 1, randomCount: 30)
        let decoded = try stream.feed { _ in 1 }
        #expect(decoded == stream.expected)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomChunks(_ seed: UInt64) throws {
        let stream = try FramerStream.make(seed: seed, randomCount: 60)
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9)
        let maximum = [3, 19, 64, 700, 5000][Int(seed % 5)]
        let decoded = try stream.feed { _ in Int.random(in: 1 ... maximum, using: &rng) }
        #expect(decoded == stream.expected)
    }

    @Test func wholeStreamAtOnce() throws {
        let stream = try FramerStream.make(seed: 9, randomCount: 20)
        let decoded = try stream.feed { $0 }
        #expect(decoded == stream.expected)
    }

    @Test func headerSplitAtEveryOffset() throws {
        // Two KEEPALIVEs and an OPEN, split once at every possible offset.
        let stream = try FramerStream.make(seed: 0, randomCount: 0)
        let sample = Array(stream.bytes.prefix(200))
        let firstMessages = stream.ends.prefix { $0 <= 200 }.count
        for split in 1 ..< sample.count {
            var framer = MessageFramer()
            var count = 0
            framer.append(sample[0 ..< split])
            while try framer.next() != nil { count += 1 }
            framer.append(sample[split...])
            while try framer.next() != nil { count += 1 }
            #expect(count == firstMessages, "split at \(split)")
        }
    }

    @Test func framesCarryTypeLengthAndBody() throws {
        var framer = MessageFramer()
        framer.append(WireVectors.ipv4Update + WireVectors.keepalive[0].bytes)
        let update = try #require(try framer.next())
        #expect(update.type == .update)
        #expect(update.length == WireVectors.ipv4Update.count)
        #expect(update.body.remainingBytes == Array(WireVectors.ipv4Update[19...]))
        let keepalive = try #require(try framer.next())
        #expect(keepalive.type == .keepalive)
        #expect(keepalive.length == 19)
        #expect(keepalive.body.remaining == 0)
        #expect(try framer.next() == nil)
    }

    // MARK: Header errors (RFC 4271 §6.1)

    static func header(length: Int, type: UInt8, marker: [UInt8] = WireVectors.marker) -> [UInt8] {
        marker + [UInt8(length >> 8), UInt8(length & 0xFF), type]
    }

    /// The error from framing `bytes` fed one octet at a time, or `nil`.
    static func framerError(_ bytes: [UInt8], maxMessageLength: Int = 4096) -> (BGPDecodeError, Int)? {
        var framer = MessageFramer(maxMessageLength: maxMessageLength)
        for (index, byte) in bytes.enumerated() {
            framer.append([byte])
            do {
                while try framer.next() != nil {}
            } catch {
                return (error, index + 1)
            }
        }
        return nil
    }

    @Test(arguments: 0 ..< 16)
    func badMarker(_ position: Int) {
        var marker = WireVectors.marker
        marker[position] = 0xfe
        let bytes = Self.header(length: 19, type: 4, marker: marker)
        let error = wireDecodeError(bytes)
        #expect(error?.code == .connectionNotSynchronized)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 1, data: []))
        // Detected as soon as the header is complete.
        let framed = Self.framerError(bytes)
        #expect(framed?.0.code == .connectionNotSynchronized)
        #expect(framed?.1 == 19)
    }

    @Test func zeroMarker() {
        let error = wireDecodeError(Self.header(length: 19, type: 4, marker: [UInt8](repeating: 0, count: 16)))
        #expect(error?.code == .connectionNotSynchronized)
        #expect(error?.notification.code == .messageHeaderError)
        #expect(error?.notification.subcode == 1)
    }

    @Test(arguments: [0, 1, 18, 4097, 5000, 65535])
    func badLength(_ length: Int) {
        let bytes = Self.header(length: length, type: 2) + [UInt8](repeating: 0, count: max(0, min(length, 5000) - 19))
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2,
                                                           data: [UInt8(length >> 8), UInt8(length & 0xFF)]))
        // The header alone is enough to refuse it.
        let framed = Self.framerError(Self.header(length: length, type: 2))
        #expect(framed?.0.code == .badMessageLength)
        #expect(framed?.1 == 19)
    }

    @Test func length18() {
        let error = wireDecodeError(Self.header(length: 18, type: 4))
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x00, 0x12]))
    }

    @Test func length4097() {
        let error = wireDecodeError(Self.header(length: 4097, type: 2) + [UInt8](repeating: 0, count: 4078))
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x10, 0x01]))
    }

    @Test func length4097AcceptedWithExtendedMessage() throws {
        var framer = MessageFramer(maxMessageLength: 65535)
        framer.append(Self.header(length: 4097, type: 2))
        #expect(try framer.next() == nil)  // waiting for the body, no error
        framer.append([UInt8](repeating: 0, count: 4077))
        #expect(try framer.next() == nil)  // one octet short
        framer.append([0])
        #expect(try framer.next()?.length == 4097)
        #expect(framer.maxMessageLength == BGPLimits.maxExtendedMessageLength)
        #expect(CodecOptions(extendedMessage: true).maxMessageLength == 65535)
        #expect(CodecOptions().maxMessageLength == 4096)
        var big = MessageFramer(maxMessageLength: 65535)
        big.append(Self.header(length: 65535, type: 2))
        #expect(try big.next() == nil)
    }

    @Test(arguments: [UInt8(0), 6, 9, 128, 255])
    func badType(_ type: UInt8) {
        let bytes = Self.header(length: 19, type: type)
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageType)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 3, data: [type]))
        #expect(Self.framerError(bytes)?.1 == 19)
    }

    @Test func type9() {
        let error = wireDecodeError(Self.header(length: 23, type: 9) + [0, 0, 0, 0])
        #expect(error?.code == .badMessageType)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 3, data: [9]))
    }

    @Test(arguments: [
        (UInt8(4), 20, "KEEPALIVE longer than 19"),
        (4, 23, "KEEPALIVE longer than 19"),
        (1, 28, "OPEN shorter than 29"),
        (1, 19, "OPEN shorter than 29"),
        (2, 22, "UPDATE shorter than 23"),
        (2, 19, "UPDATE shorter than 23"),
        (3, 20, "NOTIFICATION shorter than 21"),
        (3, 19, "NOTIFICATION shorter than 21"),
    ])
    func lengthInvalidForType(_ type: UInt8, _ length: Int, _ name: String) {
        let bytes = Self.header(length: length, type: type) + [UInt8](repeating: 0, count: length - 19)
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength, "\(name)")
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2,
                                                           data: [0, UInt8(length)]), "\(name)")
        #expect(Self.framerError(bytes)?.1 == 19, "\(name): refused at the header")
    }

    @Test func keepaliveOfLength20() {
        let bytes = Self.header(length: 20, type: 4) + [0x00]
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x00, 0x14]))
    }

    @Test func openShorterThan29() {
        let bytes = Self.header(length: 28, type: 1) + [0x04, 0xfd, 0xe9, 0x00, 0x5a, 0x0a, 0x00, 0x00, 0x01]
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x00, 0x1c]))
    }

    @Test func minimumLengthsAreAccepted() throws {
        #expect(try BGPMessage.decode(bytes: Self.header(length: 19, type: 4)) == .keepalive)
        #expect(try BGPMessage.decode(bytes: WireVectors.endOfRIBIPv4) == .update(UpdateMessage()))
        #expect(try BGPMessage.decode(bytes: Self.header(length: 21, type: 3) + [6, 0])
            == .notification(NotificationMessage(code: .cease)))
        #expect(try BGPMessage.decode(bytes: WireVectors.minimalOpen) != nil)
    }

    @Test func errorInTheMiddleOfAStream() throws {
        // Two good messages, then a bad marker: the two come out, then the error.
        var framer = MessageFramer()
        var marker = WireVectors.marker
        marker[7] = 0
        framer.append(WireVectors.keepalive[0].bytes + WireVectors.endOfRIBIPv4 + Self.header(length: 19, type: 4, marker: marker))
        #expect(try framer.next()?.type == .keepalive)
        #expect(try framer.next()?.type == .update)
        do {
            _ = try framer.next()
            Issue.record("bad marker not detected")
        } catch {
            #expect(error.code == .connectionNotSynchronized)
        }
    }

    @Test func parseHeaderDirectly() throws {
        var reader = ByteReader(Self.header(length: 23, type: 5))
        let (type, length) = try MessageFramer.parseHeader(&reader, maxMessageLength: 4096)
        #expect(type == .routeRefresh)
        #expect(length == 23)
        var short = ByteReader(Array(Self.header(length: 23, type: 5).prefix(18)))
        do {
            _ = try MessageFramer.parseHeader(&short, maxMessageLength: 4096)
            Issue.record("short header accepted")
        } catch {
            #expect(error.code == .badMessageLength)
        }
    }

    @Test func errorsCompareByCode() {
        let a = BGPDecodeError(.badMessageLength, NotificationMessage(code: .messageHeaderError, subcode: 2), "one")
        let b = BGPDecodeError(.badMessageLength, NotificationMessage(code: .messageHeaderError, subcode: 2, data: [1]), "two")
        let c = BGPDecodeError(.badMessageType, NotificationMessage(code: .messageHeaderError, subcode: 3), "one")
        #expect(a == b)
        #expect(a != c)
    }

    // MARK: Hex dumps (Wireshark "Copy as Hex Stream" and annotated forms)

    @Test func hexStreamsMatchTheAnnotatedVectors() throws {
        // The FRR 8.x OPEN, as Wireshark copies it.
        let open = wireBytes("""
            ffffffffffffffffffffffffffffffff00510104fde900b40a0000013402060104000100010202800002020200
            0202460002064104 0000fde902064504000101010208490604667272310002044002 0078
            """)
        #expect(open == WireVectors.frrOpenCapture)
        // The FRR 8.x UPDATE, as an annotated dump.
        let update = wireBytes("""
            ffff ffff ffff ffff ffff ffff ffff ffff // marker
            0049 02                                 // length 73, UPDATE
            0000                                    // withdrawn routes length
            002b                                    // total path attribute length 43
            40 01 01 00                             // ORIGIN IGP
            50 02 000a 02 02 0000fde9 0000fdea      // AS_PATH (extended length) 65001 65002
            40 03 04 0a000001                       // NEXT_HOP 10.0.0.1
            80 04 04 00000000                       // MED 0
            c0 08 08 fde90064 ffffff01              // COMMUNITIES 65001:100 NO_EXPORT
            18 c63364                               // 198.51.100.0/24
            10 ac10                                 // 172.16.0.0/16
            """)
        #expect(update == WireVectors.frrUpdateCapture)
        #expect(try BGPMessage.decode(bytes: update) == .update(WireVectors.frrUpdateMessage))
        // 0x-prefixed, comma-separated form.
        #expect(wireBytes("0x00, 0x13, 0x04, 0xFF") == [0x00, 0x13, 0x04, 0xff])
        #expect(wireBytes("") == [])
        #expect(wireHex([0x00, 0xab, 0xff]) == "00 ab ff")
    }
}

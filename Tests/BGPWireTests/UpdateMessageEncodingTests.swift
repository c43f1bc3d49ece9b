import BGPWire
import NetworkPrimitives
import Testing

/// `UpdateMessage+Encoding.swift`: packing edge cases.
struct UpdateMessageEncodingTests {
    /// Attributes that alone exceed 4096 octets leave no room for a prefix: a clear error, not a hang.
    @Test func announcementsWhoseAttributesCannotFitThrow() throws {
        let communities = (0 ..< 1100).map { Community(65001, UInt16($0)) }
        let attributes = PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001]), nextHop: IPv4Address(10, 0, 0, 1),
                                        communities: communities)
        let prefix = try #require(IPv4Prefix(masking: IPv4Address(10, 1, 0, 0), length: 16))
        #expect(throws: BGPEncodeError.self) {
            _ = try UpdateMessage.encodeAnnouncements([prefix], attributes: attributes, options: .standard)
        }
        // With Extended Message the same attributes fit.
        let messages = try UpdateMessage.encodeAnnouncements(
            [prefix], attributes: attributes, options: CodecOptions(extendedMessage: true))
        #expect(messages.count == 1)
        #expect(messages[0].count > 4096)
    }
}

import NetworkPrimitives

extension UpdateMessage {
    /// Writes the UPDATE body (RFC 4271 §4.3). MP_UNREACH_NLRI and MP_REACH_NLRI come first
    /// (RFC 7606 §5.1), then the other attributes in type order.
    public func encode(into writer: inout ByteWriter, options: CodecOptions) {
        let withdrawnLength = writer.reserveUInt16()
        let withdrawnStart = writer.count
        for prefix in withdrawn { NLRICodec.write(prefix, into: &writer) }
        writer.patchUInt16(UInt16(truncatingIfNeeded: writer.count - withdrawnStart), at: withdrawnLength)
        let attributesLength = writer.reserveUInt16()
        let attributesStart = writer.count
        mpUnreach?.encode(into: &writer)
        mpReach?.encode(into: &writer)
        attributes.encode(into: &writer, options: options)
        writer.patchUInt16(UInt16(truncatingIfNeeded: writer.count - attributesStart), at: attributesLength)
        for prefix in nlri { NLRICodec.write(prefix, into: &writer) }
    }

    /// Encodes announcements of `prefixes` with shared `attributes` as as few IPv4 UPDATE messages as
    /// the session's maximum length allows (header included in each returned message).
    /// - Throws: ``BGPEncodeError`` when the attributes leave no room for even one prefix.
    public static func encodeAnnouncements(
        _ prefixes: [IPv4Prefix], attributes: PathAttributes, options: CodecOptions
    ) throws(BGPEncodeError) -> [[UInt8]] {
        var attributeWriter = ByteWriter(capacity: 128)
        attributes.encode(into: &attributeWriter, options: options)
        let fixed = BGPLimits.headerLength + 4 + attributeWriter.count
        // The longest IPv4 prefix takes 5 octets: if that cannot fit, no message can carry it.
        if !prefixes.isEmpty && fixed + NLRICodec.encodedSize(prefixes.max { $0.length < $1.length } ?? prefixes[0]) > options.maxMessageLength {
            throw BGPEncodeError(length: fixed + 5, maximum: options.maxMessageLength)
        }
        var messages: [[UInt8]] = []
        var index = 0
        repeat {
            var writer = ByteWriter(capacity: options.maxMessageLength)
            BGPMessage.writeHeader(length: 0, type: .update, into: &writer)
            writer.write(UInt16(0))
            writer.write(UInt16(attributeWriter.count))
            writer.write(contentsOf: attributeWriter.bytes)
            var size = fixed
            while index < prefixes.count {
                let next = NLRICodec.encodedSize(prefixes[index])
                guard size + next <= options.maxMessageLength else { break }
                NLRICodec.write(prefixes[index], into: &writer)
                size += next
                index += 1
            }
            writer.patchUInt16(UInt16(writer.count), at: 16)
            messages.append(writer.bytes)
        } while index < prefixes.count
        return messages
    }

    /// Encodes withdrawals of `prefixes` as as few IPv4 UPDATE messages as the maximum length allows.
    public static func encodeWithdrawals(_ prefixes: [IPv4Prefix], options: CodecOptions) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var index = 0
        repeat {
            var writer = ByteWriter(capacity: options.maxMessageLength)
            BGPMessage.writeHeader(length: 0, type: .update, into: &writer)
            let lengthOffset = writer.reserveUInt16()
            var size = BGPLimits.minUpdateLength
            while index < prefixes.count {
                let next = NLRICodec.encodedSize(prefixes[index])
                guard size + next <= options.maxMessageLength else { break }
                NLRICodec.write(prefixes[index], into: &writer)
                size += next
                index += 1
            }
            writer.patchUInt16(UInt16(writer.count - lengthOffset - 2), at: lengthOffset)
            writer.write(UInt16(0))
            writer.patchUInt16(UInt16(writer.count), at: 16)
            messages.append(writer.bytes)
        } while index < prefixes.count
        return messages
    }
}

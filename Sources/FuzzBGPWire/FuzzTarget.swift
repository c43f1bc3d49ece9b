import BGPWire

/// One fuzz input: the first octet picks the codec options, the rest is a byte stream.
///
/// The stream goes through the framer and the decoder as a session would read it. Every message
/// that decodes cleanly is re-encoded and decoded again, and must come back equal: a mismatch traps,
/// so libFuzzer reports it. A decode error must carry a NOTIFICATION the encoder accepts.
func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let options = CodecOptions(
        fourOctetAS: selector & 1 == 0, extendedMessage: selector & 2 != 0, peerIsExternal: selector & 4 == 0)
    var framer = MessageFramer(maxMessageLength: options.maxMessageLength)
    // Feed in two chunks split at a data-dependent point, to exercise partial headers and bodies.
    let payload = Array(bytes.dropFirst())
    let split = payload.isEmpty ? 0 : Int(selector >> 3) % (payload.count + 1)
    framer.append(payload[0 ..< split])
    var messages = 0
    while messages < 64 {
        do {
            guard let frame = try framer.next() else {
                if framer.bufferedByteCount > 0 && split < payload.count {
                    framer.append(payload[split...])
                    continue
                }
                break
            }
            messages += 1
            guard let message = try BGPMessage.decode(frame, options: options) else { continue }
            checkRoundTrip(message, options: options)
        } catch {
            _ = try? BGPMessage.notification(error.notification).encode(options: options)
            break
        }
    }
    // Body decoders straight on the payload, as if a header had announced it.
    var reader = ByteReader(payload)
    _ = try? UpdateMessage(decoding: &reader, options: options)
    reader = ByteReader(payload)
    _ = try? OpenMessage(decoding: &reader)
}

/// Re-encodes a message and checks that it decodes back equal (for messages without malformations).
func checkRoundTrip(_ message: BGPMessage, options: CodecOptions) {
    if case .update(let update) = message, !update.malformations.isEmpty { return }
    guard let encoded = try? message.encode(options: options) else { return }
    let again: BGPMessage?
    do {
        again = try BGPMessage.decode(bytes: encoded, options: options)
    } catch {
        fatalError("re-encoded message fails to decode: \(error)\nmessage: \(message)\nbytes: \(encoded)")
    }
    guard normalized(again) == normalized(message) else {
        fatalError("round trip changed the message\nfirst:  \(message)\nsecond: \(String(describing: again))")
    }
}

/// The Partial bit is set on re-sent unknown transitive attributes (RFC 4271 §5), so it is
/// not compared.
func normalized(_ message: BGPMessage?) -> BGPMessage? {
    guard case .update(var update)? = message else { return message }
    update.attributes.unrecognized = update.attributes.unrecognized.map {
        RawAttribute(flags: $0.flags.subtracting(.partial), type: $0.type, value: $0.value)
    }
    return .update(update)
}

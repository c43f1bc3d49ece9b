import BGPWire
import NetworkPrimitives

/// `transit-bgp-bench codec`: decode and re-encode a stream of UPDATEs carrying a full table.
///
/// Decode is framing plus full decoding of every message (attributes and NLRI) from one byte
/// stream; encode re-encodes each decoded UPDATE. Figures are the median of the runs.
enum CodecBenchmark {
    static func run(arguments: [String]) throws {
        let prefixes = intOption(arguments, "--prefixes") ?? 1_000_000
        let sets = intOption(arguments, "--attribute-sets") ?? 50_000
        let runs = intOption(arguments, "--runs") ?? 5
        let table = RealisticTable(prefixes: prefixes, attributeSets: sets)
        let messages = table.encodedUpdates()
        var stream: [UInt8] = []
        stream.reserveCapacity(messages.reduce(0) { $0 + $1.count })
        for message in messages { stream += message }
        print("codec: \(prefixes) prefixes, \(sets) attribute sets, \(messages.count) UPDATEs, \(stream.count) octets")

        if arguments.contains("--decode-only") {
            // For profilers: repeat only the decode loop.
            for _ in 0 ..< runs * 4 {
                var framer = MessageFramer()
                framer.append(stream)
                while let frame = try framer.next() { _ = try BGPMessage.decode(frame) }
            }
            return
        }
        // The messages re-encoded by the encode measurement, decoded once outside any timing.
        var decoded: [UpdateMessage] = []
        var framer = MessageFramer()
        framer.append(stream)
        while let frame = try framer.next() {
            if case .update(let update)? = try BGPMessage.decode(frame) { decoded.append(update) }
        }

        var decodeTimes: [Double] = []
        var encodeTimes: [Double] = []
        for _ in 0 ..< runs {
            // Decode as a session does: frame, decode, hand over, drop. The checksum keeps the work live.
            var count = 0
            var checksum: UInt32 = 0
            let seconds = try measure {
                var framer = MessageFramer()
                framer.append(stream)
                while let frame = try framer.next() {
                    guard case .update(let update)? = try BGPMessage.decode(frame) else { continue }
                    count += update.nlri.count
                    checksum = checksum &+ (update.nlri.last?.address.rawValue ?? 0) &+ UInt32(update.attributes.asPath?.length ?? 0)
                }
            }
            precondition(count == prefixes, "decoded \(count) of \(prefixes) prefixes (checksum \(checksum))")
            decodeTimes.append(seconds)

            var written = 0
            let encodeSeconds = try measure {
                var writer = ByteWriter(capacity: stream.count)
                for update in decoded { try BGPMessage.update(update).encode(into: &writer) }
                written = writer.count
            }
            precondition(written == stream.count, "re-encoded \(written) of \(stream.count) octets")
            encodeTimes.append(encodeSeconds)
        }
        let runText = decodeTimes.map { String(Int(Double(prefixes) / $0 / 1000)) + "k" }.joined(separator: " ")
        print("codec: decode prefixes/s per run: \(runText)")
        figure("decode_prefixes_per_s", Double(prefixes) / median(decodeTimes), "prefixes/s")
        figure("encode_prefixes_per_s", Double(prefixes) / median(encodeTimes), "prefixes/s")
    }
}

func intOption(_ arguments: [String], _ name: String) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}

func stringOption(_ arguments: [String], _ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

// Write back-pressure: a writer far ahead of a paused reader sees its queue above the high mark,
// then drains in order once the reader resumes.

import BGPSpeaker
import Glibc
import Synchronization
import Testing

@Suite struct BackPressureTests {
    /// 64 MiB of little-endian 32-bit counters: any lost, duplicated or reordered byte shows.
    static let payload: [UInt8] = {
        let words = [UInt32](unsafeUninitializedCapacity: 16 << 20) { buffer, count in
            for index in 0 ..< buffer.count { buffer[index] = UInt32(truncatingIfNeeded: index).littleEndian }
            count = buffer.count
        }
        return words.withUnsafeBytes { Array($0) }
    }()

    /// What the reading side saw: byte count and whether every byte matched the payload.
    final class ReaderTally {
        var count = 0
        var mismatch = false
    }

    @Test func writerAheadOfAPausedReaderBacksOffThenDrainsInOrder() throws {
        try withLoop { harness in
            let payload = Self.payload
            let tally = Mutex<(count: Int, mismatch: Bool)>((0, false))
            let (server, port) = try harness.startServer(echo: false) { connection, _ in
                connection.pauseReading()
                connection.onRead = { bytes in
                    tally.withLock { tally in
                        let matches = bytes.withUnsafeBytes { received in
                            payload.withUnsafeBytes { expected in
                                tally.count + received.count <= expected.count
                                    && memcmp(received.baseAddress!, expected.baseAddress! + tally.count,
                                              received.count) == 0
                            }
                        }
                        if !matches { tally.mismatch = true }
                        tally.count += bytes.count
                    }
                }
            }
            let marks = WriteBufferWaterMarks(low: 256 * 1024, high: 1024 * 1024)
            let client = try harness.connectClient(port: port, options: TCPOptions(writeBufferWaterMarks: marks))
            try harness.waitUntil("accepted") { server.value.accepted.count == 1 }

            let chunk = 1 << 20
            let stillWritable = try harness.onLoop { () -> [Bool] in
                guard let connection = client.value.connection else { return [] }
                var writable: [Bool] = []
                for start in stride(from: 0, to: payload.count, by: chunk) {
                    connection.write(Array(payload[start ..< start + chunk]))
                    writable.append(connection.isWritable)
                }
                return writable
            }
            #expect(stillWritable.count == 64)
            #expect(stillWritable.last == false)

            // The reader is paused: the queue stays above the high mark however long the loop runs.
            #expect(try harness.holdsFalse(for: .milliseconds(300)) {
                let connection = client.value.connection
                return (connection?.pendingWriteBytes ?? 0) <= marks.high || connection?.isWritable == true
            })
            let pending = try harness.onLoop { client.value.connection?.pendingWriteBytes ?? 0 }
            #expect(pending > marks.high)
            #expect(pending < payload.count) // The kernel took some.
            #expect(tally.withLock { $0.count } == 0)
            #expect(try harness.onLoop { client.value.log.writableSignals } == 0)

            try harness.onLoop { server.value.accepted.first?.connection?.resumeReading() }
            try harness.waitUntil("all bytes read") { tally.withLock { $0.count } >= payload.count }
            #expect(tally.withLock { $0.count } == payload.count)
            #expect(tally.withLock { $0.mismatch } == false)
            let (writable, signals, left) = try harness.onLoop {
                (client.value.connection?.isWritable, client.value.log.writableSignals,
                 client.value.connection?.pendingWriteBytes)
            }
            #expect(writable == true)
            #expect(signals == 1)
            #expect(left == 0)
        }
    }

    @Test func waterMarksAreOrdered() {
        let marks = WriteBufferWaterMarks(low: 10, high: 5)
        #expect(marks.low == 5)
        #expect(marks.high == 5)
        #expect(WriteBufferWaterMarks(low: -1, high: 8).low == 0)
    }
}

// Runs an EventLoop on a background thread for a test, and reaches into it with deadlines.

import BGPSpeaker
import Dispatch
import Foundation
import Synchronization

/// The longest any single wait in these tests may take before the test fails instead of hanging.
let testDeadline: Duration = .seconds(20)

struct HarnessTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(self.what)" }
}

/// An event loop on its own `Thread`, with helpers that wait with a deadline.
///
/// Tests touch loop-confined objects only inside ``onLoop(_:)`` closures, carrying them between
/// calls in a ``LoopBound`` box.
final class LoopHarness: Sendable {
    let loop: EventLoop
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        self.loop = try EventLoop()
        let loop = self.loop
        let finished = self.finished
        let thread = Thread {
            loop.run()
            finished.signal()
        }
        thread.name = "test-event-loop"
        thread.start()
    }

    /// Runs `body` on the loop thread and returns its result, or throws `HarnessTimeout`.
    func onLoop<T: Sendable>(
        _ what: String = #function, _ body: @escaping @Sendable () throws -> T
    ) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        self.loop.execute {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + .milliseconds(Int(testDeadline.components.seconds) * 1000)) == .success
        else { throw HarnessTimeout(what: "loop work (\(what))") }
        return try result.withLock { $0! }.get()
    }

    /// Polls `condition` on the loop every few milliseconds until it holds; throws after `timeout`.
    func waitUntil(
        _ what: String, timeout: Duration = testDeadline, _ condition: @escaping @Sendable () -> Bool
    ) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try self.onLoop(what, condition) { return }
            Thread.sleep(forTimeInterval: 0.005)  // poll interval; the loop ends at `deadline`
        }
        throw HarnessTimeout(what: what)
    }

    /// Checks that `condition` stays false for `duration` (polling), for "never happens" assertions.
    func holdsFalse(for duration: Duration, _ condition: @escaping @Sendable () -> Bool) throws -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if try self.onLoop("a condition that must stay false", condition) { return false }
            Thread.sleep(forTimeInterval: 0.02)  // poll interval; the loop ends at `deadline`
        }
        return true
    }

    /// Stops the loop and waits for `run()` to return; `false` if it did not within the deadline.
    @discardableResult
    func shutdown() -> Bool {
        self.loop.stop()
        return self.finished.wait(timeout: .now() + .seconds(Int(testDeadline.components.seconds))) == .success
    }
}

/// Runs `body` with a fresh harness and always shuts it down afterwards.
func withLoop<T>(_ body: (LoopHarness) throws -> T) throws -> T {
    let harness = try LoopHarness()
    defer { harness.shutdown() }
    return try body(harness)
}

/// What a test observes from one connection; lives on the loop thread inside a ``LoopBound``.
final class ConnectionLog {
    var connection: TCPConnection?
    var received: [UInt8] = []
    var inputClosed = false
    var closed = false
    var closeError: SocketError?
    var writableSignals = 0

    /// Installs callbacks on `connection` that record into this log.
    func attach(_ connection: TCPConnection, echo: Bool = false) {
        self.connection = connection
        connection.onRead = { bytes in
            self.received += bytes
            if echo { connection.write(bytes) }
        }
        connection.onClose = { error in
            self.closed = true
            self.closeError = error
        }
        connection.onWritable = { self.writableSignals += 1 }
    }
}

/// Deterministic pseudo-random bytes (SplitMix64), so payloads differ per test and per connection.
func testBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes = [UInt8]()
    bytes.reserveCapacity(count)
    while bytes.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        withUnsafeBytes(of: z) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
    }
    return bytes
}

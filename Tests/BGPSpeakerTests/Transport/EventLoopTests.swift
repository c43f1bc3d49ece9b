// The loop itself: stop, execute from other threads, timers.

import BGPSpeaker
import Dispatch
import Foundation
import Synchronization
import Testing

@Suite struct EventLoopTests {
    @Test func stopFromAnotherThreadEndsRun() throws {
        let harness = try LoopHarness()
        try harness.waitUntil("loop running") { harness.loop.inEventLoop }
        #expect(harness.shutdown())
    }

    @Test func stopBeforeRunMakesRunReturnAtOnce() throws {
        let loop = try EventLoop()
        loop.stop()
        let started = ContinuousClock.now
        loop.run()
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func executeFromOtherThreadsRunsOnTheLoopInSubmissionOrder() throws {
        try withLoop { harness in
            let seen = Mutex<[Int: [Int]]>([:])
            let offLoop = Mutex<Int>(0)
            let group = DispatchGroup()
            for producer in 0 ..< 4 {
                DispatchQueue.global().async(group: group) {
                    for index in 0 ..< 250 {
                        harness.loop.execute {
                            if !harness.loop.inEventLoop { offLoop.withLock { $0 += 1 } }
                            seen.withLock { $0[producer, default: []].append(index) }
                        }
                    }
                }
            }
            #expect(group.wait(timeout: .now() + .seconds(10)) == .success)
            try harness.waitUntil("all work ran") { seen.withLock { $0.values.map(\.count).reduce(0, +) } == 1000 }
            #expect(offLoop.withLock { $0 } == 0)
            for producer in 0 ..< 4 {
                #expect(seen.withLock { $0[producer] } == Array(0 ..< 250))
            }
            #expect(!harness.loop.inEventLoop)
        }
    }

    @Test func timersFireInDeadlineOrderAndSameDeadlinesInSchedulingOrder() throws {
        try withLoop { harness in
            let fired = Mutex<[String]>([])
            try harness.onLoop {
                let loop = harness.loop
                for (name, milliseconds) in [("30", 30), ("10", 10), ("20", 20), ("0a", 0), ("0b", 0)] {
                    loop.scheduleTimer(after: .milliseconds(milliseconds)) { fired.withLock { $0.append(name) } }
                }
            }
            try harness.waitUntil("five timers") { fired.withLock { $0.count } == 5 }
            #expect(fired.withLock { $0 } == ["0a", "0b", "10", "20", "30"])
        }
    }

    @Test func timerNeverFiresEarly() throws {
        try withLoop { harness in
            let elapsed = Mutex<Duration?>(nil)
            try harness.onLoop {
                let start = harness.loop.now
                harness.loop.scheduleTimer(after: .milliseconds(40)) {
                    elapsed.withLock { $0 = harness.loop.now - start }
                }
            }
            try harness.waitUntil("timer") { elapsed.withLock { $0 } != nil }
            #expect(try #require(elapsed.withLock { $0 }) >= .milliseconds(40))
        }
    }

    @Test func cancelledTimerDoesNotFire() throws {
        try withLoop { harness in
            let fired = Mutex<[String]>([])
            try harness.onLoop {
                let loop = harness.loop
                let cancelled = loop.scheduleTimer(after: .milliseconds(10)) { fired.withLock { $0.append("cancelled") } }
                loop.scheduleTimer(after: .milliseconds(30)) { fired.withLock { $0.append("kept") } }
                #expect(loop.cancelTimer(cancelled))
                #expect(!loop.cancelTimer(cancelled))
            }
            try harness.waitUntil("kept timer") { fired.withLock { $0 } == ["kept"] }
            #expect(try harness.onLoop { harness.loop.pendingTimerCount } == 0)
        }
    }

    @Test func timerScheduledByATimerWaitsForTheNextIteration() throws {
        try withLoop { harness in
            let count = Mutex(0)
            let halt = Mutex(false)
            // A zero-delay timer that keeps rescheduling itself must not starve execute() work:
            // if it did, the onLoop below would time out (the count bound keeps that case finite).
            try harness.onLoop {
                let loop = harness.loop
                func again() {
                    let fired = count.withLock { value in
                        value += 1
                        return value
                    }
                    if !halt.withLock({ $0 }) && fired < 5_000_000 { loop.scheduleTimer(after: .zero, again) }
                }
                loop.scheduleTimer(after: .zero, again)
            }
            try harness.onLoop { halt.withLock { $0 = true } }
            #expect(count.withLock { $0 } < 5_000_000)
        }
    }

    @Test func monotonicInstantArithmetic() {
        let start = MonotonicInstant(nanoseconds: 1_000)
        #expect(start + .microseconds(2) == MonotonicInstant(nanoseconds: 3_000))
        #expect((start + .microseconds(2)) - start == .microseconds(2))
        #expect(start - (start + .nanoseconds(5)) == .nanoseconds(-5))
        #expect(start + .seconds(-1) == start)
        #expect(MonotonicInstant(nanoseconds: .max - 1) + .seconds(1) == MonotonicInstant(nanoseconds: .max))
    }
}

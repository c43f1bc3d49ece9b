// BGPSpeaker's transport: the only code in TransitBGP that touches sockets, threads and the clock.
//
//        any thread                          the loop thread (inside run())
//   ───────────────────────            ──────────────────────────────────────────────────
//   execute { … } ──► tasks (Mutex) ─► eventfd ─┐
//   stop()        ──► flag (Atomic) ─► eventfd ─┤
//                                               ▼
//                                  epoll_wait(timeout = next timer) ─► TCPListener.onAccept
//                                               │                  ─► TCPConnection.onRead / onClose / onWritable
//                                               │                  ─► connectTCP completion
//                                               ├─► due timers (TimerHeap), in deadline order
//                                               └─► tasks from execute, in submission order
//
// The speaker logic above this layer is single-threaded: it lives entirely in these callbacks.

import Synchronization

/// A single-threaded `epoll(7)` event loop that owns every socket and timer of a BGP speaker.
///
/// ## Threading
/// The thread that calls ``run()`` becomes the loop thread until ``run()`` returns. Everything the
/// loop calls (accept, read, close and writability callbacks, connect completions, timers, work
/// passed to ``execute(_:)``) runs on that thread, one callback at a time, so the speaker needs no
/// locks. Only ``execute(_:)``, ``stop()``, ``inEventLoop`` and ``now`` may be used from other
/// threads. Every other member of the loop, ``TCPConnection``, ``TCPListener``, ``UnixListener`` and
/// ``ConnectAttempt`` must be used on the loop thread, or before ``run()`` starts (setup); a
/// precondition traps otherwise. ``LoopBound`` carries loop-confined values through `@Sendable` closures.
///
/// `EventLoop` is `@unchecked Sendable` for that reason: its cross-thread state is a `Mutex`-guarded
/// task queue and two atomics, and all other state is confined to the loop thread as above.
/// The connection types are not `Sendable` at all.
///
/// ## Design
/// - **epoll, level-triggered, one thread.** BGP has few, long-lived connections; one thread keeps
///   the session state machines free of races, and level triggering lets a socket be left with data
///   still unread (reads are capped per wakeup, see ``TCPConnection``) without losing its readiness.
///   Write interest (`EPOLLOUT`) is registered only while a connection has queued data.
/// - **eventfd for wakeups.** ``execute(_:)`` and ``stop()`` write an `eventfd(2)` counter the loop
///   polls; several wakeups coalesce into one.
/// - **A timer heap, not timerfd.** Timers live in a binary heap and `epoll_wait`'s timeout is the
///   next deadline, rounded up to the millisecond; a BGP speaker's timers (hold, keepalive,
///   connect-retry; RFC 4271 §10) are seconds long, so millisecond resolution is ample and no
///   descriptor per timer is needed. The clock is `CLOCK_MONOTONIC` (``MonotonicInstant``).
/// - **Order within one iteration:** I/O events, then due timers, then ``execute(_:)`` work.
///
/// ## Lifetime
/// ``run()`` may be called once. When it returns, every connection, listener and pending connect is
/// closed without calling its owner back, pending timers are dropped, and work still queued by
/// ``execute(_:)`` is discarded. Unix listeners remove their socket files.
public final class EventLoop: @unchecked Sendable {
    /// Bytes read from a socket in one `recv(2)`.
    internal static let readChunkSize = 64 * 1024
    /// `recv(2)` calls per connection per wakeup: at most 256 KiB, so one busy peer cannot starve the rest.
    internal static let maximumReadsPerWakeup = 4
    /// Connections accepted per listener per wakeup.
    internal static let maximumAcceptsPerWakeup = 64
    /// Events taken from one `epoll_wait`.
    private static let eventBatchSize = 256
    /// The token of the wakeup eventfd; registration tokens start above it.
    private static let wakeupToken: UInt64 = 0

    private enum RunState: Int {
        case idle = 0
        case running = 1
        case finished = 2
    }

    // MARK: Shared between threads

    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let runState = Atomic<Int>(RunState.idle.rawValue)
    /// `pthread_self()` of the thread inside ``run()``, or 0 outside it.
    private let loopThread = Atomic<UInt>(0)

    // MARK: Confined to the loop thread

    internal let epoll: Epoll
    private let wakeup: WakeupSignal
    internal var registrations: [UInt64: any Selectable] = [:]
    private var nextToken: UInt64 = EventLoop.wakeupToken + 1
    internal var timers = TimerHeap()
    /// Owner callbacks that must not run inside the call that caused them (``TCPConnection/onClose``
    /// after ``TCPConnection/close()``, a connect's early failure); run before the loop sleeps again.
    private var deferredCallbacks: [() -> Void] = []
    /// The buffer every connection reads into before copying out exactly what arrived.
    internal let readBuffer: UnsafeMutableRawBufferPointer
    private let eventBuffer: UnsafeMutableRawBufferPointer

    /// Creates the epoll instance and the wakeup eventfd. The loop does nothing until ``run()``.
    /// - Throws: ``SocketError`` from `epoll_create1(2)` or `eventfd(2)` (e.g. ``Errno/tooManyOpenFiles``).
    public init() throws(SocketError) {
        self.epoll = try Epoll()
        do {
            self.wakeup = try WakeupSignal()
            try self.epoll.add(self.wakeup.descriptor, events: .readable, token: EventLoop.wakeupToken)
        } catch {
            self.epoll.close()
            throw error
        }
        self.readBuffer = .allocate(byteCount: EventLoop.readChunkSize, alignment: 16)
        self.eventBuffer = .allocate(
            byteCount: Epoll.bufferSize(events: EventLoop.eventBatchSize), alignment: 16
        )
    }

    deinit {
        self.epoll.close()
        self.wakeup.close()
        self.readBuffer.deallocate()
        self.eventBuffer.deallocate()
    }

    // MARK: Any thread

    /// Whether the calling thread is the one running this loop.
    public var inEventLoop: Bool {
        self.loopThread.load(ordering: .acquiring) == system_currentThread()
    }

    /// The loop's clock: `CLOCK_MONOTONIC`, safe to read from any thread.
    public var now: MonotonicInstant { .now }

    /// Runs `work` on the loop thread, after the I/O and timers of the current iteration, in the order
    /// submitted. Safe from any thread, the loop thread included. Work submitted after ``run()`` has
    /// returned is discarded.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        let wasEmpty = self.tasks.withLock { queue in
            queue.append(work)
            return queue.count == 1
        }
        if wasEmpty {
            self.wakeup.signal()
        }
    }

    /// Asks ``run()`` to return after the current iteration. Safe from any thread; calling it before
    /// ``run()`` makes ``run()`` return at once.
    public func stop() {
        self.stopRequested.store(true, ordering: .releasing)
        self.wakeup.signal()
    }

    // MARK: The loop

    /// Runs the loop on the calling thread until ``stop()``; then closes everything still open
    /// (see "Lifetime" above). May be called once per loop.
    public func run() {
        let (started, _) = self.runState.compareExchange(
            expected: RunState.idle.rawValue, desired: RunState.running.rawValue, ordering: .acquiringAndReleasing
        )
        precondition(started, "EventLoop.run() may be called only once")
        self.loopThread.store(system_currentThread(), ordering: .releasing)

        while !self.stopRequested.load(ordering: .acquiring) {
            self.runDeferredCallbacks()
            self.waitForEvents()
            self.fireDueTimers()
            self.runTasks()
        }
        self.closeEverything()
        self.loopThread.store(0, ordering: .releasing)
        self.runState.store(RunState.finished.rawValue, ordering: .releasing)
    }

    private func waitForEvents() {
        let timeout = self.deferredCallbacks.isEmpty ? self.millisecondsUntilNextTimer() : 0
        do {
            try self.epoll.wait(into: self.eventBuffer, timeoutMilliseconds: timeout) { token, events in
                if token == EventLoop.wakeupToken {
                    self.wakeup.clear()
                } else if let handler = self.registrations[token] {
                    handler.handle(events)
                    self.runDeferredCallbacks()
                }
                // Otherwise the registration went away earlier in this batch: a stale event.
            }
        } catch {
            fatalError("Internal inconsistency: epoll_wait failed on the loop's own descriptor: \(error)")
        }
    }

    /// -1 (sleep until an event) without timers, else the time to the earliest deadline, rounded up.
    private func millisecondsUntilNextTimer() -> CInt {
        guard let deadline = self.timers.nextDeadline() else { return -1 }
        let now = MonotonicInstant.now
        guard deadline > now else { return 0 }
        let nanoseconds = deadline.nanoseconds - now.nanoseconds
        let milliseconds = (nanoseconds + 999_999) / 1_000_000
        return CInt(clamping: milliseconds)
    }

    private func fireDueTimers() {
        let now = MonotonicInstant.now
        let limit = self.timers.sequenceMark
        while let body = self.timers.popDue(at: now, scheduledBefore: limit) {
            body()
            self.runDeferredCallbacks()
        }
    }

    private func runTasks() {
        let batch = self.tasks.withLock { queue in
            let taken = queue
            queue.removeAll()
            return taken
        }
        for work in batch {
            work()
            self.runDeferredCallbacks()
        }
    }

    private func runDeferredCallbacks() {
        while !self.deferredCallbacks.isEmpty {
            let batch = self.deferredCallbacks
            self.deferredCallbacks.removeAll()
            for callback in batch {
                callback()
            }
        }
    }

    private func closeEverything() {
        let handlers = Array(self.registrations.values)
        for handler in handlers {
            handler.closeForLoopShutdown()
        }
        self.registrations.removeAll()
        self.timers.removeAll()
        self.deferredCallbacks.removeAll()
        self.tasks.withLock { $0.removeAll() }
    }

    // MARK: Loop-thread helpers

    /// Traps unless called on the loop thread or while no thread runs the loop (setup, teardown).
    @inline(__always)
    internal func preconditionOnLoopThread(_ function: StaticString = #function) {
        let owner = self.loopThread.load(ordering: .acquiring)
        precondition(
            owner == 0 || owner == system_currentThread(),
            "\(function) must be called on the event loop thread (use EventLoop.execute)"
        )
    }

    /// Queues an owner callback to run on the loop thread once the current callback has returned.
    internal func deferCallback(_ callback: @escaping () -> Void) {
        self.deferredCallbacks.append(callback)
    }

    internal func makeToken() -> UInt64 {
        let token = self.nextToken
        self.nextToken += 1
        return token
    }
}

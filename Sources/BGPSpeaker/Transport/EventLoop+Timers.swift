extension EventLoop {
    /// Runs `body` on the loop thread once `delay` has passed (never earlier; up to about a
    /// millisecond later, plus whatever the loop is busy with).
    ///
    /// Timers due at the same instant fire in the order they were scheduled. A timer scheduled from a
    /// firing timer, even with a zero delay, waits for the next loop iteration, so I/O keeps flowing.
    /// Loop thread only (from another thread, schedule inside ``execute(_:)``).
    /// - Parameters:
    ///   - delay: How long to wait; zero or negative means the current iteration's timer pass.
    ///   - body: The work, run once unless cancelled.
    /// - Returns: The ID for ``cancelTimer(_:)``.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ body: @escaping () -> Void) -> TimerID {
        self.preconditionOnLoopThread()
        return self.timers.schedule(at: MonotonicInstant.now + delay, body)
    }

    /// Cancels a timer; a no-op if it already fired or was cancelled. Loop thread only.
    /// - Returns: Whether the timer was still pending.
    @discardableResult
    public func cancelTimer(_ id: TimerID) -> Bool {
        self.preconditionOnLoopThread()
        return self.timers.cancel(id)
    }

    /// How many timers are pending (for diagnostics and tests). Loop thread only.
    public var pendingTimerCount: Int {
        self.preconditionOnLoopThread()
        return self.timers.count
    }
}

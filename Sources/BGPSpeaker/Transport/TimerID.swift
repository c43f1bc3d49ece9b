/// Identifies a timer scheduled with ``EventLoop/scheduleTimer(after:_:)``, for ``EventLoop/cancelTimer(_:)``.
///
/// IDs are never reused within one loop, so cancelling a timer that already fired is a harmless no-op.
public struct TimerID: Sendable, Hashable {
    internal let rawValue: UInt64
}

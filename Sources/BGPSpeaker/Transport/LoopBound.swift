/// A box that lets a loop-confined value (a ``TCPConnection``, a session) travel through a
/// `@Sendable` closure such as ``EventLoop/execute(_:)``, while allowing access only on the loop
/// thread (NIO's `NIOLoopBoundBox`).
///
/// Thread confinement is checked at run time: ``value`` traps anywhere but on the loop thread
/// (or before the loop runs, during setup).
public final class LoopBound<Value>: @unchecked Sendable {
    // @unchecked: `_value` is only read or written after `preconditionOnLoopThread()`.
    /// The loop the value belongs to.
    public let eventLoop: EventLoop
    private var _value: Value

    /// Boxes `value`; loop thread only (or before the loop runs).
    public init(_ value: Value, eventLoop: EventLoop) {
        eventLoop.preconditionOnLoopThread()
        self.eventLoop = eventLoop
        self._value = value
    }

    /// The value; loop thread only.
    public var value: Value {
        get {
            self.eventLoop.preconditionOnLoopThread()
            return self._value
        }
        set {
            self.eventLoop.preconditionOnLoopThread()
            self._value = newValue
        }
    }
}

/// The write-queue levels that drive a connection's back-pressure signal.
///
/// A connection becomes not writable (``TCPConnection/isWritable`` is `false`) once more than
/// ``high`` bytes wait in its queue, and writable again, calling ``TCPConnection/onWritable``, once the
/// queue has drained to ``low`` bytes or fewer. The gap keeps the signal from flapping on every
/// message. Writes are never refused: the marks only tell the owner when to stop and resume
/// generating UPDATEs.
public struct WriteBufferWaterMarks: Sendable, Hashable {
    /// At or below this many queued bytes a not-writable connection becomes writable again.
    public var low: Int
    /// Above this many queued bytes the connection becomes not writable.
    public var high: Int

    /// Creates marks; `low` is clamped to `0 ... high`.
    public init(low: Int = 256 * 1024, high: Int = 1024 * 1024) {
        self.high = max(0, high)
        self.low = min(max(0, low), self.high)
    }
}

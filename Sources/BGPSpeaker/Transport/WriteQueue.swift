/// The bytes a connection has accepted from its owner but the kernel has not yet taken, in order.
///
/// Small writes are coalesced into the last chunk (up to ``coalescingLimit``) so a burst of short
/// BGP messages costs few `send(2)` calls; large writes keep their own array.
internal struct WriteQueue {
    /// The largest chunk that later writes are appended to.
    static let coalescingLimit = 64 * 1024

    private var chunks: [[UInt8]] = []
    /// Index of the first chunk not yet fully sent.
    private var head = 0
    /// Bytes of `chunks[head]` already sent.
    private var headOffset = 0

    /// Bytes waiting.
    private(set) var byteCount = 0

    var isEmpty: Bool { self.byteCount == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        self.byteCount += bytes.count
        let last = self.chunks.count - 1
        if last >= self.head, self.chunks[last].count + bytes.count <= WriteQueue.coalescingLimit {
            self.chunks[last].append(contentsOf: bytes)
        } else {
            self.chunks.append(bytes)
        }
    }

    /// Sends as much as the socket takes.
    /// - Returns: `true` when the queue is now empty, `false` when the socket buffer filled first.
    /// - Throws: ``SocketError`` from `send(2)` (``Errno/brokenPipe``, ``Errno/connectionReset``, ...).
    mutating func flush(to socket: SocketDescriptor) throws(SocketError) -> Bool {
        while self.head < self.chunks.count {
            let chunk = self.chunks[self.head]
            let offset = self.headOffset
            let outcome = chunk.withUnsafeBytes { raw in
                Result { () throws(SocketError) -> Int in
                    try socket.send(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
            }
            let sent = try outcome.get()
            self.byteCount -= sent
            self.headOffset += sent
            if self.headOffset < chunk.count {
                self.compactIfWorthwhile()
                return false
            }
            self.head += 1
            self.headOffset = 0
        }
        self.chunks.removeAll(keepingCapacity: true)
        self.head = 0
        return true
    }

    /// Drops everything queued.
    mutating func removeAll() {
        self.chunks.removeAll()
        self.head = 0
        self.headOffset = 0
        self.byteCount = 0
    }

    /// Forgets sent chunks once they make up half the array, keeping `head` amortised O(1).
    private mutating func compactIfWorthwhile() {
        guard self.head > 16, self.head * 2 >= self.chunks.count else { return }
        self.chunks.removeFirst(self.head)
        self.head = 0
    }
}

/// The accept loop shared by ``TCPListener`` and ``UnixListener``.
internal enum ConnectionAcceptor {
    /// Accepts up to ``EventLoop/maximumAcceptsPerWakeup`` waiting connections, hands each to
    /// `onAccept`, and reports failures to `onError`. Both are read afresh for every connection,
    /// since a callback may close the listener (which drops them).
    ///
    /// - Parameters:
    ///   - configure: Per-socket setup before the connection is built (TCP options); a failure
    ///     closes that socket and is reported, and the loop goes on.
    ///   - localAddress: The address to report for accepted sockets instead of `getsockname(2)`'s.
    ///   - isOpen: Checked between accepts, since `onAccept` may close the listener.
    static func acceptPending(
        from listener: SocketDescriptor,
        eventLoop: EventLoop,
        waterMarks: WriteBufferWaterMarks,
        localAddress: SocketAddress? = nil,
        configure: (SocketDescriptor) throws(SocketError) -> Void,
        isOpen: () -> Bool,
        onAccept: () -> ((TCPConnection) -> Void)?,
        onError: () -> ((SocketError) -> Void)?
    ) {
        for _ in 0 ..< EventLoop.maximumAcceptsPerWakeup {
            guard isOpen(), let onAccept = onAccept() else { return }
            let accepted: SocketDescriptor
            do {
                guard let socket = try listener.accept() else { return }
                accepted = socket
            } catch where error.errno == .connectionAborted {
                continue // The peer gave up between SYN and accept: nothing to do.
            } catch {
                onError()?(error)
                return
            }
            do {
                try configure(accepted)
                let connection = try TCPConnection(
                    eventLoop: eventLoop, socket: accepted, waterMarks: waterMarks, localAddress: localAddress
                )
                onAccept(connection)
            } catch {
                accepted.close()
                onError()?(error)
            }
        }
    }
}

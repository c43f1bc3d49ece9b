/// Encoded messages back to back, with the offset where each one ends (for KEEPALIVEs between them).
struct MessageStream: Sendable {
    var bytes: [UInt8] = []
    var messageEnds: [Int] = []

    init(_ messages: [[UInt8]]) {
        bytes.reserveCapacity(messages.reduce(0) { $0 + $1.count })
        messageEnds.reserveCapacity(messages.count)
        for message in messages {
            bytes += message
            messageEnds.append(bytes.count)
        }
    }

    var messageCount: Int { messageEnds.count }

    /// The first message boundary at or after `offset` (the end of the stream at worst).
    func boundary(atOrAfter offset: Int) -> Int {
        if offset == 0 { return 0 }
        var low = 0
        var high = messageEnds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if messageEnds[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return messageEnds.isEmpty ? bytes.count : messageEnds[low]
    }
}

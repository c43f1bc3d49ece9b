// Longest-prefix match (RFC 1812 §5.2.4.3) and walks over covering and covered prefixes (RFC 4632 §3.1).

extension PrefixTable {
    /// The most specific entry whose prefix contains `address` (the forwarding decision of RFC 1812
    /// §5.2.4.3), or `nil` when no entry does.
    /// - Complexity: O(W) for W-bit addresses: at most W + 1 nodes.
    @inlinable
    public func longestMatch(_ address: Prefix.Address) -> (prefix: Prefix, value: Value)? {
        var best: Int32 = -1
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            guard node.prefix.contains(address) else { break }
            if node.slot >= 0 { best = index }
            // A /maxLength node has no children, and bits past the address read as 0.
            index = node.child(Prefix.bit(of: address, at: Int(node.prefix.length)))
        }
        return entry(best)
    }

    /// The value of the most specific entry containing `address`, or `nil`; ``longestMatch(_:)`` without the prefix.
    /// - Complexity: O(W) for W-bit addresses.
    @inlinable
    public func longestMatchValue(_ address: Prefix.Address) -> Value? {
        var slot: Int32 = -1
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            guard node.prefix.contains(address) else { break }
            if node.slot >= 0 { slot = node.slot }
            index = node.child(Prefix.bit(of: address, at: Int(node.prefix.length)))
        }
        return slot >= 0 ? values[Int(slot)] : nil
    }

    /// The most specific entry that contains `prefix`, `prefix` itself included, or `nil`.
    /// - Complexity: O(W) for W-bit addresses.
    @inlinable
    public func longestMatch(covering prefix: Prefix) -> (prefix: Prefix, value: Value)? {
        var best: Int32 = -1
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            guard node.prefix.contains(prefix) else { break }
            if node.slot >= 0 { best = index }
            if node.prefix.length == prefix.length { break }
            index = node.child(Prefix.bit(of: prefix.address, at: Int(node.prefix.length)))
        }
        return entry(best)
    }

    /// Every entry that contains `prefix`, `prefix` itself included, shortest first.
    /// - Complexity: O(W) for W-bit addresses.
    public func covering(_ prefix: Prefix) -> [(prefix: Prefix, value: Value)] {
        var result: [(prefix: Prefix, value: Value)] = []
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            guard node.prefix.contains(prefix) else { break }
            if node.slot >= 0 { result.append((node.prefix, values[Int(node.slot)])) }
            if node.prefix.length == prefix.length { break }
            index = node.child(Prefix.bit(of: prefix.address, at: Int(node.prefix.length)))
        }
        return result
    }

    /// Every entry inside `prefix`, `prefix` itself included, in ascending prefix order (address, then length).
    /// - Complexity: O(W + k) for W-bit addresses and k results.
    public func covered(by prefix: Prefix) -> [(prefix: Prefix, value: Value)] {
        var result: [(prefix: Prefix, value: Value)] = []
        forEachCovered(by: prefix) { result.append(($0, $1)) }
        return result
    }

    /// Calls `body` with every entry inside `prefix` (itself included) in ascending prefix order,
    /// without building an array.
    /// - Complexity: O(W + k) for W-bit addresses and k entries.
    public func forEachCovered(by prefix: Prefix, _ body: (Prefix, Value) throws -> Void) rethrows {
        let top = subtree(inside: prefix)
        guard top >= 0 else { return }
        var stack: [Int32] = [top]
        while let index = stack.popLast() {
            let node = nodes[Int(index)]
            if node.slot >= 0 { try body(node.prefix, values[Int(node.slot)]) }
            if node.child1 >= 0 { stack.append(node.child1) }
            if node.child0 >= 0 { stack.append(node.child0) }
        }
    }

    /// The highest node whose prefix lies inside `prefix` (its subtree is exactly the entries inside it), or -1.
    @inlinable
    func subtree(inside prefix: Prefix) -> Int32 {
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            if prefix.contains(node.prefix) { return index }
            // Either disjoint, or the node is a strictly shorter prefix containing `prefix`.
            guard node.prefix.contains(prefix) else { return -1 }
            index = node.child(Prefix.bit(of: prefix.address, at: Int(node.prefix.length)))
        }
        return -1
    }

    @inlinable
    func entry(_ index: Int32) -> (prefix: Prefix, value: Value)? {
        guard index >= 0 else { return nil }
        let node = nodes[Int(index)]
        return (node.prefix, values[Int(node.slot)])
    }
}

// MARK: - Sequence

extension PrefixTable: Sequence {
    /// Iterates the entries in ascending prefix order: by address, then shorter first
    /// (a pre-order walk of the trie, child 0 before child 1).
    public struct Iterator: IteratorProtocol {
        @usableFromInline let table: PrefixTable
        @usableFromInline var stack: [Int32]

        @inlinable
        init(_ table: PrefixTable) {
            self.table = table
            self.stack = table.root >= 0 ? [table.root] : []
            stack.reserveCapacity(Int(Prefix.maxLength) + 2)
        }

        @inlinable
        public mutating func next() -> (prefix: Prefix, value: Value)? {
            while let index = stack.popLast() {
                let node = table.nodes[Int(index)]
                if node.child1 >= 0 { stack.append(node.child1) }
                if node.child0 >= 0 { stack.append(node.child0) }
                if node.slot >= 0 { return (node.prefix, table.values[Int(node.slot)]) }
            }
            return nil
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(self) }

    @inlinable
    public var underestimatedCount: Int { count }
}

extension PrefixTable.Iterator: Sendable where Value: Sendable {}

extension PrefixTable: Equatable where Value: Equatable {
    /// Whether the two tables hold the same entries (whatever their internal node layout).
    public static func == (lhs: PrefixTable, rhs: PrefixTable) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.elementsEqual(rhs) { $0.prefix == $1.prefix && $0.value == $1.value }
    }
}

extension PrefixTable: CustomStringConvertible {
    /// `[prefix: value, ...]` in ascending prefix order.
    public var description: String {
        "[" + map { "\($0.prefix): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

/// A ``PrefixTable`` of IPv4 prefixes (RFC 4632).
public typealias IPv4PrefixTable<Value> = PrefixTable<IPv4Prefix, Value>
/// A ``PrefixTable`` of IPv6 prefixes (RFC 4291 §2.3).
public typealias IPv6PrefixTable<Value> = PrefixTable<IPv6Prefix, Value>

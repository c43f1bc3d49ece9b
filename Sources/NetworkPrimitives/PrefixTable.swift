// A map from prefixes to values with longest-prefix match (the forwarding rule of RFC 1812 §5.2.4.3).

/// A map from prefixes of one family to values, with exact match, longest-prefix match and
/// walks over covering and covered prefixes.
///
/// A path-compressed binary trie (PATRICIA): every node holds a prefix and two child indices; a
/// node either carries a value or is a branch node with exactly two children, so a table of `n`
/// entries has at most `2n - 1` nodes and depth at most ``RoutablePrefix/maxLength`` + 1.
///
/// Storage is three flat arrays and no object per node, so the table is a value type (copy on write)
/// and compact: nodes are `{prefix, child0: Int32, child1: Int32, slot: Int32}` (20 octets for IPv4,
/// 32 for IPv6) in one array with a free list for removed nodes; values are dense in a second array
/// (`slot` indexes it) with a third array of owning node indices so removal can move the last value
/// into the hole. Per IPv4 entry that is 20 × (nodes per entry, 1 to 2) + 4 + `MemoryLayout<Value>.stride`
/// octets: with the 1,000,000-prefix realistic table of `transit-bgp-bench lpm` (1.7 nodes per entry)
/// and 4-octet values, 42 octets per entry in use, 48 allocated after `reserveCapacity(_:)`
/// (see ``memoryFootprint``).
///
/// Iteration yields `(prefix, value)` pairs in ascending prefix order: by address, then shorter first.
///
/// - Complexity: exact match, insert, remove and longest-prefix match visit at most
///   `maxLength + 1` nodes: O(W) for W-bit addresses, independent of the count. ``covering(_:)`` is O(W);
///   ``covered(by:)`` is O(W + k) for k results.
public struct PrefixTable<Prefix: RoutablePrefix, Value> {
    /// One trie node. A node with `slot < 0` is a branch node and has both children.
    @usableFromInline
    struct Node {
        @usableFromInline var prefix: Prefix
        /// The child whose next bit (bit `prefix.length`) is 0, or -1; the free-list link for free nodes.
        @usableFromInline var child0: Int32
        /// The child whose next bit is 1, or -1.
        @usableFromInline var child1: Int32
        /// The index of the value in `values`, or -1 for a branch node.
        @usableFromInline var slot: Int32

        @inlinable
        init(prefix: Prefix, child0: Int32 = -1, child1: Int32 = -1, slot: Int32 = -1) {
            self.prefix = prefix
            self.child0 = child0
            self.child1 = child1
            self.slot = slot
        }

        @inlinable
        func child(_ bit: Int) -> Int32 { bit == 0 ? child0 : child1 }

        @inlinable
        mutating func setChild(_ bit: Int, _ index: Int32) {
            if bit == 0 { child0 = index } else { child1 = index }
        }
    }

    /// The nodes, live and free.
    @usableFromInline var nodes: ContiguousArray<Node> = []
    /// The values, dense: `values[nodes[i].slot]` is node `i`'s value.
    @usableFromInline var values: ContiguousArray<Value> = []
    /// For each value, the index of the node that owns it.
    @usableFromInline var owners: ContiguousArray<Int32> = []
    /// The root node, or -1 when the table is empty.
    @usableFromInline var root: Int32 = -1
    /// The first free node (linked through `child0`), or -1.
    @usableFromInline var freeList: Int32 = -1

    /// Creates an empty table.
    @inlinable
    public init() {}

    /// Creates a table from `(prefix, value)` pairs; a later pair for the same prefix replaces an earlier one.
    @inlinable
    public init(_ entries: some Sequence<(Prefix, Value)>) {
        for (prefix, value) in entries { insert(value, for: prefix) }
    }

    /// The number of entries.
    @inlinable
    public var count: Int { values.count }

    /// Whether the table has no entries.
    @inlinable
    public var isEmpty: Bool { values.isEmpty }

    /// Reserves room for `capacity` entries and the up to `capacity - 1` branch nodes they may need,
    /// so that inserting them allocates nothing more.
    public mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        owners.reserveCapacity(capacity)
        nodes.reserveCapacity(2 * capacity)
    }

    /// Removes every entry.
    public mutating func removeAll(keepingCapacity: Bool = false) {
        nodes.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
        owners.removeAll(keepingCapacity: keepingCapacity)
        root = -1
        freeList = -1
    }

    /// The octets held by the table's arrays (capacity, not just the live part), excluding anything
    /// the values themselves point to.
    public var memoryFootprint: Int {
        nodes.capacity * MemoryLayout<Node>.stride + values.capacity * MemoryLayout<Value>.stride
            + owners.capacity * MemoryLayout<Int32>.stride
    }

    /// The number of trie nodes in use (entries plus branch nodes), for sizing and tests.
    public var nodeCount: Int {
        var free = 0
        var index = freeList
        while index >= 0 {
            free += 1
            index = nodes[Int(index)].child0
        }
        return nodes.count - free
    }
}

extension PrefixTable: Sendable where Value: Sendable {}

extension PrefixTable.Node: Sendable {}

// MARK: - Exact match, insert, remove

extension PrefixTable {
    /// The value stored for exactly `prefix`; setting `nil` removes the entry.
    /// - Complexity: O(W) for W-bit addresses.
    @inlinable
    public subscript(prefix: Prefix) -> Value? {
        get {
            let index = find(prefix)
            guard index >= 0 else { return nil }
            let slot = nodes[Int(index)].slot
            return slot >= 0 ? values[Int(slot)] : nil
        }
        set {
            if let newValue {
                insert(newValue, for: prefix)
            } else {
                remove(prefix)
            }
        }
    }

    /// Whether the table has an entry for exactly `prefix`.
    @inlinable
    public func contains(_ prefix: Prefix) -> Bool {
        let index = find(prefix)
        return index >= 0 && nodes[Int(index)].slot >= 0
    }

    /// The node holding exactly `prefix` (with or without a value), or -1.
    @inlinable
    func find(_ prefix: Prefix) -> Int32 {
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            if node.prefix.length >= prefix.length {
                return node.prefix == prefix ? index : -1
            }
            guard node.prefix.contains(prefix) else { return -1 }
            index = node.child(Prefix.bit(of: prefix.address, at: Int(node.prefix.length)))
        }
        return -1
    }

    /// Stores `value` for `prefix`, replacing and returning any value already stored for it.
    /// - Complexity: O(W) for W-bit addresses, amortized (arrays grow geometrically).
    @inlinable
    @discardableResult
    public mutating func insert(_ value: Value, for prefix: Prefix) -> Value? {
        var parent: Int32 = -1
        var parentBit = 0
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            let nodeLength = node.prefix.length
            let common = node.prefix.commonLength(with: prefix)
            if common == nodeLength {
                if nodeLength == prefix.length {
                    // Exact: replace, or give a branch node its value.
                    if node.slot >= 0 {
                        let old = values[Int(node.slot)]
                        values[Int(node.slot)] = value
                        return old
                    }
                    nodes[Int(index)].slot = appendValue(value, owner: index)
                    return nil
                }
                // The node contains the prefix: go down.
                parent = index
                parentBit = Prefix.bit(of: prefix.address, at: Int(nodeLength))
                index = node.child(parentBit)
                continue
            }
            let created: Int32
            if common == prefix.length {
                // The prefix contains the node: it becomes the node's parent.
                created = allocate(Node(prefix: prefix))
                nodes[Int(created)].setChild(Prefix.bit(of: node.prefix.address, at: Int(common)), index)
                nodes[Int(created)].slot = appendValue(value, owner: created)
            } else {
                // They diverge at bit `common`: a branch node with the new leaf and the node as children.
                let leaf = allocate(Node(prefix: prefix))
                nodes[Int(leaf)].slot = appendValue(value, owner: leaf)
                created = allocate(Node(prefix: prefix.truncated(to: common)))
                let leafBit = Prefix.bit(of: prefix.address, at: Int(common))
                nodes[Int(created)].setChild(leafBit, leaf)
                nodes[Int(created)].setChild(1 - leafBit, index)
            }
            link(created, parent: parent, bit: parentBit)
            return nil
        }
        let leaf = allocate(Node(prefix: prefix))
        nodes[Int(leaf)].slot = appendValue(value, owner: leaf)
        link(leaf, parent: parent, bit: parentBit)
        return nil
    }

    /// Removes the entry for exactly `prefix` and returns its value, or `nil` when there is none.
    /// Branch nodes left with a single child are removed too, so the trie stays minimal.
    /// - Complexity: O(W) for W-bit addresses.
    @inlinable
    @discardableResult
    public mutating func remove(_ prefix: Prefix) -> Value? {
        var grandparent: Int32 = -1
        var grandparentBit = 0
        var parent: Int32 = -1
        var parentBit = 0
        var index = root
        while index >= 0 {
            let node = nodes[Int(index)]
            if node.prefix.length >= prefix.length {
                guard node.prefix == prefix else { return nil }
                break
            }
            guard node.prefix.contains(prefix) else { return nil }
            grandparent = parent
            grandparentBit = parentBit
            parent = index
            parentBit = Prefix.bit(of: prefix.address, at: Int(node.prefix.length))
            index = node.child(parentBit)
        }
        guard index >= 0 else { return nil }
        let node = nodes[Int(index)]
        guard node.slot >= 0 else { return nil }
        let old = removeValue(at: node.slot)
        nodes[Int(index)].slot = -1

        switch (node.child0 >= 0, node.child1 >= 0) {
        case (true, true):
            // Still needed as a branch node.
            break
        case (true, false), (false, true):
            // One child: splice it into the parent.
            link(node.child0 >= 0 ? node.child0 : node.child1, parent: parent, bit: parentBit)
            release(index)
        case (false, false):
            link(-1, parent: parent, bit: parentBit)
            release(index)
            // A branch parent now has one child: collapse it into the grandparent.
            if parent >= 0 && nodes[Int(parent)].slot < 0 {
                let sibling = nodes[Int(parent)].child(1 - parentBit)
                link(sibling, parent: grandparent, bit: grandparentBit)
                release(parent)
            }
        }
        return old
    }

    // MARK: Storage helpers

    @inlinable
    mutating func link(_ child: Int32, parent: Int32, bit: Int) {
        if parent < 0 {
            root = child
        } else {
            nodes[Int(parent)].setChild(bit, child)
        }
    }

    @inlinable
    mutating func allocate(_ node: Node) -> Int32 {
        if freeList >= 0 {
            let index = freeList
            freeList = nodes[Int(index)].child0
            nodes[Int(index)] = node
            return index
        }
        precondition(nodes.count < Int(Int32.max), "PrefixTable is limited to 2^31 - 1 nodes")
        nodes.append(node)
        return Int32(truncatingIfNeeded: nodes.count - 1)
    }

    @inlinable
    mutating func release(_ index: Int32) {
        nodes[Int(index)].child0 = freeList
        nodes[Int(index)].child1 = -1
        nodes[Int(index)].slot = -1
        freeList = index
    }

    @inlinable
    mutating func appendValue(_ value: Value, owner: Int32) -> Int32 {
        values.append(value)
        owners.append(owner)
        return Int32(truncatingIfNeeded: values.count - 1)
    }

    /// Removes the value in `slot`, moving the last value into the hole.
    @inlinable
    mutating func removeValue(at slot: Int32) -> Value {
        let last = values.count - 1
        let old = values[Int(slot)]
        if Int(slot) != last {
            values[Int(slot)] = values[last]
            let movedOwner = owners[last]
            owners[Int(slot)] = movedOwner
            nodes[Int(movedOwner)].slot = slot
        }
        values.removeLast()
        owners.removeLast()
        return old
    }
}

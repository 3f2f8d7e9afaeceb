// SPDX-License-Identifier: Apache-2.0

/// A stack whose top elements are handed out by moving them into a new array: no copies, no
/// reference counting, one allocation per array. Elements left behind (after a parse error) are
/// destroyed with the stack.
final class MoveStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity = 64
    private(set) var count = 0

    /// An empty stack.
    init() { storage = .allocate(capacity: capacity) }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Where the element at `index` is stored (valid until the next push).
    func address(_ index: Int) -> UnsafeMutablePointer<Element> { storage + index }

    /// Puts an element on top.
    func push(_ element: Element) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// The elements from `base` to the top, moved out in order; the stack shrinks to `base`.
    func pop(from base: Int) -> [Element] {
        // reserveCapacity and append are inlined and specialised here; Array(unsafeUninitializedCapacity:)
        // would look up the storage type's metadata in the runtime for every array.
        var result: [Element] = []
        result.reserveCapacity(count - base)
        for k in base..<count { result.append((storage + k).move()) }
        count = base
        return result
    }
}

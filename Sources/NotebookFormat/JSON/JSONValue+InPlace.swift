// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
    /// Changes the array payload in place; does nothing when this is not an array. The payload is
    /// moved out while `body` runs, so the change copies nothing (no copy-on-write of a shared buffer).
    public mutating func withArray(_ body: (inout [JSONValue]) throws -> Void) rethrows {
        guard case .array(var array) = self else { return }
        self = .null
        defer { self = .array(array) }
        try body(&array)
    }

    /// Changes the object payload in place; does nothing when this is not an object. Like
    /// `withArray`, the payload is moved out while `body` runs, so nothing is copied.
    public mutating func withObject(_ body: (inout JSONObject) throws -> Void) rethrows {
        guard case .object(var object) = self else { return }
        self = .null
        defer { self = .object(object) }
        try body(&object)
    }
}

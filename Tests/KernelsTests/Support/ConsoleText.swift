// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// Reading mime bundles in tests.
enum ConsoleText {
    /// The `text/plain` entry of a mime bundle.
    static func plain(_ data: JSONObject) -> String? {
        guard let value = data["text/plain"] else { return nil }
        return value.stringValue ?? value.arrayValue?.compactMap(\.stringValue).joined()
    }
}

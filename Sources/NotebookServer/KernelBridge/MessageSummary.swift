// SPDX-License-Identifier: Apache-2.0

import Kernels
import NIOCore
import NotebookFormat

/// The few fields of a wire message the server reads: its type, its parent's type and id, and
/// a status message's `execution_state`. Only the header frames (and a status's content) are parsed.
struct MessageSummary: Sendable {
    /// `header.msg_type`.
    var type: String
    /// `parent_header.msg_type`, if there is a parent.
    var parentType: String?
    /// `parent_header.msg_id`, if there is a parent.
    var parentID: String?
    /// `content.execution_state` of a `status` message.
    var executionState: String?

    /// Reads the summary of a wire message; unparsable parts leave fields empty.
    init(_ wire: WireMessage) {
        let header = Self.object(wire.header)
        let parent = Self.object(wire.parentHeader)
        type = header?["msg_type"]?.stringValue ?? ""
        parentType = parent?["msg_type"]?.stringValue
        parentID = parent?["msg_id"]?.stringValue
        executionState = type == "status" ? Self.object(wire.content)?["execution_state"]?.stringValue : nil
    }

    /// A frame parsed as a JSON object.
    static func object(_ frame: ByteBuffer) -> JSONObject? {
        guard case .object(let object)? = try? JSONParser.parse(frame.readableBytesView) else { return nil }
        return object
    }
}

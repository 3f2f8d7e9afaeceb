// SPDX-License-Identifier: Apache-2.0

import Kernels
import NIOCore
import NotebookFormat

/// Turns a cell's IOPub messages into notebook outputs with nbclient's semantics: outputs in
/// arrival order (streams are not merged), `execution_count` from the kernel, `clear_output`
/// now or (with `wait`) just before the next output, `display_id` updates applied in place to
/// every output shown under that id in any cell, `metadata.execution` timings from the kernel's
/// message dates, and widget state from comm traffic.
struct OutputCollector {
    /// Outputs shown under each display id: cell index → output indices.
    private var displays: [String: [Int: [Int]]] = [:]
    /// Set by `clear_output(wait=True)`: clear just before the next output.
    private var clearBeforeNextOutput = false
    /// Widget model state by comm id, in the order models appeared.
    private(set) var widgetState: [(commID: String, state: JSONObject)] = []
    /// Widget binary buffers by comm id, keyed by their path.
    private var widgetBuffers: [String: [(path: JSONValue, buffer: JSONObject)]] = [:]

    /// Prepares for a new cell: nbclient resets the pending wait-clear per cell.
    mutating func startCell() { clearBeforeNextOutput = false }

    /// Applies one IOPub message of cell `index`; returns the output it appended, if any.
    mutating func apply(_ message: JupyterMessage, cell index: Int, in cells: inout [Cell]) -> Output? {
        let type = message.messageType
        let content = message.content.json
        let displayID = content["transient"]?.objectValue?["display_id"]?.stringValue
        if let displayID, !displayID.isEmpty, type == "execute_result" || type == "display_data" || type == "update_display_data" {
            updateDisplays(displayID, content: content, in: &cells)
        }
        if let count = content["execution_count"] {
            cells[index].json["execution_count"] = count
        }
        switch type {
        case "status":
            let state = content["execution_state"]?.stringValue
            if state == "idle" { recordTime("iopub.status.idle", message, &cells[index]) }
            if state == "busy" { recordTime("iopub.status.busy", message, &cells[index]) }
            return nil
        case "execute_input":
            recordTime("iopub.execute_input", message, &cells[index])
            return nil
        case "clear_output":
            if content["wait"]?.boolValue == true {
                clearBeforeNextOutput = true
            } else {
                cells[index].withOutputs { $0.removeAll() }
                forgetDisplays(ofCell: index)
            }
            return nil
        case "update_display_data":
            return nil
        case _ where type.hasPrefix("comm_"):
            recordWidget(message)
            return nil
        default:
            guard let output = Self.output(type: type, content: content) else { return nil }
            if clearBeforeNextOutput {
                cells[index].withOutputs { $0.removeAll() }
                forgetDisplays(ofCell: index)
                clearBeforeNextOutput = false
            }
            cells[index].withOutputs { outputs in
                if let displayID, !displayID.isEmpty {
                    displays[displayID, default: [:]][index, default: []].append(outputs.count)
                }
                outputs.append(.object(output.json))
            }
            return output
        }
    }

    /// Records the reply's date as `shell.execute_reply`.
    func recordReply(_ reply: JupyterMessage, in cell: inout Cell) {
        recordTime("shell.execute_reply", reply, &cell)
    }

    /// nbformat's `output_from_msg`: the output for an output message, nil for any other type.
    static func output(type: String, content: JSONObject) -> Output? {
        var json = JSONObject()
        json["output_type"] = .string(type)
        switch type {
        case "execute_result":
            json["metadata"] = content["metadata"] ?? .object(JSONObject())
            json["data"] = content["data"] ?? .object(JSONObject())
            json["execution_count"] = content["execution_count"] ?? .null
        case "display_data":
            json["metadata"] = content["metadata"] ?? .object(JSONObject())
            json["data"] = content["data"] ?? .object(JSONObject())
        case "stream":
            json["name"] = content["name"] ?? .string("stdout")
            json["text"] = content["text"] ?? .string("")
        case "error":
            json["ename"] = content["ename"] ?? .string("")
            json["evalue"] = content["evalue"] ?? .string("")
            json["traceback"] = content["traceback"] ?? .array([])
        default:
            return nil
        }
        return Output(json: json)
    }

    // MARK: - Private

    /// Replaces `data` and `metadata` of every output shown under `displayID`.
    private func updateDisplays(_ displayID: String, content: JSONObject, in cells: inout [Cell]) {
        guard let shown = displays[displayID] else { return }
        let data = content["data"] ?? .object(JSONObject())
        let metadata = content["metadata"] ?? .object(JSONObject())
        for (cellIndex, outputIndices) in shown where cells.indices.contains(cellIndex) {
            cells[cellIndex].withOutputs { outputs in
                for i in outputIndices where outputs.indices.contains(i) {
                    outputs[i].withObject { output in
                        output["data"] = data
                        output["metadata"] = metadata
                    }
                }
            }
        }
    }

    /// nbclient's `clear_display_id_mapping`: the cell's outputs are gone, so are their ids.
    private mutating func forgetDisplays(ofCell index: Int) {
        for key in Array(displays.keys) where displays[key]?[index] != nil {
            displays[key]?[index] = []
        }
    }

    /// Keeps `state` (and binary buffers) from comm messages, as nbclient's `handle_comm_msg`.
    private mutating func recordWidget(_ message: JupyterMessage) {
        let content = message.content.json
        guard let commID = content["comm_id"]?.stringValue,
            let data = content["data"]?.objectValue, let state = data["state"]?.objectValue
        else { return }
        if let i = widgetState.firstIndex(where: { $0.commID == commID }) {
            for key in state.keys { widgetState[i].state[key] = state[key] }
        } else {
            widgetState.append((commID, state))
        }
        guard let paths = data["buffer_paths"]?.arrayValue, !paths.isEmpty else { return }
        var known = widgetBuffers[commID] ?? []
        for (path, buffer) in zip(paths, message.buffers) {
            var encoded = JSONObject()
            encoded["data"] = .string(Base64.encode(Array(buffer.readableBytesView)))
            encoded["encoding"] = .string("base64")
            encoded["path"] = path
            if let i = known.firstIndex(where: { $0.path == path }) {
                known[i].buffer = encoded
            } else {
                known.append((path, encoded))
            }
        }
        widgetBuffers[commID] = known
    }

    /// nbclient's `set_widgets_metadata`: the widget-state document, or nil when no comm carried
    /// a model (`_model_name`).
    func widgetsMetadata() -> JSONObject? {
        guard !widgetState.isEmpty else { return nil }
        var models = JSONObject()
        for (commID, state) in widgetState where state.contains("_model_name") {
            var model = JSONObject()
            model["model_name"] = state["_model_name"] ?? .null
            model["model_module"] = state["_model_module"] ?? .null
            model["model_module_version"] = state["_model_module_version"] ?? .null
            model["state"] = .object(state)
            if let buffers = widgetBuffers[commID], !buffers.isEmpty {
                model["buffers"] = .array(buffers.map { .object($0.buffer) })
            }
            models[commID] = .object(model)
        }
        var document = JSONObject()
        document["state"] = .object(models)
        document["version_major"] = 2
        document["version_minor"] = 0
        var widgets = JSONObject()
        widgets["application/vnd.jupyter.widget-state+json"] = .object(document)
        return widgets
    }
}

/// Sets `metadata.execution[key]` to the message's date in nbclient's format.
private func recordTime(_ key: String, _ message: JupyterMessage, _ cell: inout Cell) {
    let stamp = Timestamp(iso8601: message.header.date) ?? Timestamp.now()
    cell.withMetadata("execution") { $0[key] = .string(stamp.nbclientString) }
}

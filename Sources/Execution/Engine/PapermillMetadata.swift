// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// papermill's execution bookkeeping (`NotebookExecutionManager`): the `metadata.papermill`
/// fields of the notebook and of every cell, with its status words.
enum PapermillMetadata {
    /// Cell status before it runs.
    static let pending = "pending"
    /// Cell status while it runs.
    static let running = "running"
    /// Cell status once it ran (or was skipped before a later success).
    static let completed = "completed"
    /// Cell status of the cell that stopped the run.
    static let failed = "failed"

    /// `notebook_start`: the run's start time; every cell pending, code cells cleared.
    static func notebookStart(_ metadata: inout JSONObject, cells: inout [Cell], at time: Timestamp) {
        metadata.withObject("papermill") { papermill in
            papermill["start_time"] = .string(time.papermillString)
            papermill["end_time"] = .null
            papermill["duration"] = .null
            papermill["exception"] = .null
        }
        for i in cells.indices {
            let isCode = cells[i].cellType == "code"
            if isCode { cells[i].json["execution_count"] = .null }
            cells[i].withMetadata { metadata in
                metadata["papermill"] = .object(
                    JSONObject([
                        ("exception", .null), ("start_time", .null), ("end_time", .null), ("duration", .null),
                        ("status", .string(pending)),
                    ]))
            }
            if isCode { cells[i].json["outputs"] = .array([]) }
        }
    }

    /// `cell_start`: start time, `running`, no exception.
    static func cellStart(_ cell: inout Cell, at time: Timestamp) {
        cell.withMetadata("papermill") { papermill in
            papermill["start_time"] = .string(time.papermillString)
            papermill["status"] = .string(running)
            papermill["exception"] = false
        }
    }

    /// `cell_exception`: the cell and the notebook are marked as failed.
    static func cellFailed(_ cell: inout Cell, notebook metadata: inout JSONObject) {
        cell.withMetadata("papermill") { papermill in
            papermill["exception"] = true
            papermill["status"] = .string(failed)
        }
        metadata.withObject("papermill") { $0["exception"] = true }
    }

    /// `cell_complete`: end time, duration, and `completed` unless it failed.
    static func cellComplete(_ cell: inout Cell, at time: Timestamp) {
        cell.withMetadata("papermill") { papermill in
            papermill["end_time"] = .string(time.papermillString)
            if let started = papermill["start_time"]?.stringValue, let start = Timestamp(iso8601: started) {
                papermill["duration"] = .number(.double(time.seconds(since: start)))
            }
            if papermill["status"]?.stringValue != failed { papermill["status"] = .string(completed) }
        }
    }

    /// `notebook_complete`: end time and duration; pending cells before the first failure become
    /// completed (cells after a failure stay pending, as papermill leaves them).
    static func notebookComplete(_ metadata: inout JSONObject, cells: inout [Cell], at time: Timestamp) {
        metadata.withObject("papermill") { papermill in
            papermill["end_time"] = .string(time.papermillString)
            if let started = papermill["start_time"]?.stringValue, let start = Timestamp(iso8601: started) {
                papermill["duration"] = .number(.double(time.seconds(since: start)))
            }
        }
        for i in cells.indices {
            let status = cells[i].metadata["papermill"]?.objectValue?["status"]?.stringValue
            if status == failed { break }
            if status == pending { cells[i].withMetadata("papermill") { $0["status"] = .string(completed) } }
        }
    }

    /// papermill's `get_cell_description`: the word after `papermill_description=` in the source.
    static func description(of cell: Cell) -> String? {
        let marker = "papermill_description="
        let source = cell.source
        guard let range = source.firstRange(of: marker) else { return nil }
        return source[range.upperBound...].split(whereSeparator: { $0.isWhitespace }).first.map(String.init)
    }
}

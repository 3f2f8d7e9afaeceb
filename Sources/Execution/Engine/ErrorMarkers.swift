// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// papermill's error marker cells (`raise_for_execution_errors`): a banner at the top linking
/// to an anchor just before the failing cell, both tagged `papermill-error-cell-tag`.
enum ErrorMarkers {
    /// The tag of both marker cells; a later run removes every cell carrying it.
    static let tag = "papermill-error-cell-tag"
    private static let style =
        #"style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;""#
    /// The anchor cell's source, placed just before the failing cell.
    static let anchor =
        #"<span id="papermill-error-cell" "# + style
        + ">Execution using papermill encountered an exception here and stopped:</span>"

    /// The banner cell's source for a failure at execution count `count` (`None` when it had none).
    static func banner(executionCount count: Int?) -> String {
        "<span \(style)>An Exception was encountered at '<a href=\"#papermill-error-cell\">In [\(count.map(String.init) ?? "None")]</a>'.</span>"
    }

    /// The error papermill would raise for these cells: like papermill, the last `error` output
    /// wins (a `SystemExit` of `0` or `""` is a clean exit), or a cell marked as failed that has
    /// no error output. Error outputs of cells tagged `raises-exception` are expected, so they
    /// are not failures here (papermill counts them; see docs/cli/run.md), nor is any error
    /// output when `allowErrors` is set.
    static func failingCell(in cells: [Cell], allowErrors: Bool = false) -> (index: Int, output: Output?)? {
        var found: (index: Int, output: Output?)?
        for (index, cell) in cells.enumerated() {
            var sawSystemExit = false
            let expected = allowErrors || cell.tags.contains("raises-exception")
            if !expected {
                for output in cell.outputs where output.outputType == "error" {
                    if output.errorName == "SystemExit" && (output.errorValue == "" || output.errorValue == "0") {
                        sawSystemExit = true
                        continue
                    }
                    found = (index, output)
                    break
                }
            }
            let marked = cell.metadata["papermill"]?.objectValue?["exception"]?.boolValue == true
            if found == nil && !sawSystemExit && marked {
                return (index, nil)
            }
        }
        return found
    }

    /// Inserts the anchor before cell `index` and the banner at the top.
    static func insert(into cells: inout [Cell], failingCell index: Int, executionCount: Int?) {
        var anchorCell = Cell(type: "markdown", source: anchor, id: Notebook.newCellID())
        anchorCell.withMetadata { $0["tags"] = [.string(tag)] }
        var bannerCell = Cell(type: "markdown", source: banner(executionCount: executionCount), id: Notebook.newCellID())
        bannerCell.withMetadata { $0["tags"] = [.string(tag)] }
        cells.insert(anchorCell, at: index)
        cells.insert(bannerCell, at: 0)
    }
}

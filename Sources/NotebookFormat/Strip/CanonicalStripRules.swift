// SPDX-License-Identifier: Apache-2.0

/// The strip options that `Notebook.strippedCanonicalBytes` carries out by editing text:
/// nbstripout's defaults, `--keep-count`, `--keep-id`, `--strip-init-cells`, and extra keys (from
/// `--extra-keys`, the git config, less `--keep-metadata-keys`) of the forms `metadata.KEY` and
/// `cell.metadata.KEY`, a key without dots. Other options leave every file to the general path.
public struct CanonicalStripRules: Sendable {
    /// `--keep-count`: execution counts stay.
    let keepCount: Bool
    /// `--keep-id`: cell ids stay (a 4.5 notebook with a repeated id is then the general path's case).
    let keepID: Bool
    /// Keys removed from the notebook metadata (the transient ones go whatever this says).
    let notebookKeys: [[UInt8]]
    /// Keys removed from every cell's metadata (`trusted`, transient, goes whatever this says).
    let cellMetadataKeys: [[UInt8]]

    /// The rules for `options`, or `nil` when some option needs the general path.
    public init?(_ options: StripOptions) {
        guard options.keepOutput == nil, !options.dropEmptyCells, options.dropTaggedCells.isEmpty,
            options.dropOutputTypes.isEmpty, options.keepOutputTypes.isEmpty, options.maxSize == 0
        else { return nil }
        var notebookKeys: [[UInt8]] = []
        for path in options.extraKeyPaths.notebook {
            guard path.keys.count == 1 else { return nil }  // a dotted key: nbstripout's pop_recursive
            notebookKeys.append(Array(path.keys[0].utf8))
        }
        var cellMetadataKeys: [[UInt8]] = []
        for path in options.extraKeyPaths.cell {
            guard path.keys.count == 2, path.heads[0] == "metadata" else { return nil }
            cellMetadataKeys.append(Array(path.keys[1].utf8))
        }
        keepCount = options.keepCount
        keepID = options.keepID
        self.notebookKeys = notebookKeys
        self.cellMetadataKeys = cellMetadataKeys
    }
}

// SPDX-License-Identifier: Apache-2.0

/// An nbformat v4 notebook. The whole document is kept as JSON, so every key survives a round trip;
/// typed properties read and write the parts nbformat defines. Multiline fields (`source`, stream
/// `text`, text mime data) hold joined strings in memory, as nbformat's reader leaves them.
public struct Notebook: Sendable, Equatable {
    /// The whole document.
    public var json: JSONObject

    /// A notebook wrapping a document as it is (no checks).
    public init(json: JSONObject) { self.json = json }

    /// An empty notebook of the newest minor version (4.5).
    public init() {
        json = JSONObject([
            ("cells", .array([])), ("metadata", .object(JSONObject())),
            ("nbformat", 4), ("nbformat_minor", .number(.int(Notebook.currentMinor))),
        ])
    }

    /// The newest nbformat minor version this module knows (4.5).
    public static let currentMinor = 5

    /// `nbformat`, the major version (4).
    public var nbformat: Int { json["nbformat"]?.intValue ?? 4 }

    /// `nbformat_minor`.
    public var nbformatMinor: Int {
        get { json["nbformat_minor"]?.intValue ?? 0 }
        set { json["nbformat_minor"] = .number(.int(newValue)) }
    }

    /// Notebook-level `metadata`.
    public var metadata: JSONObject {
        get { json["metadata"]?.objectValue ?? JSONObject() }
        set { json["metadata"] = .object(newValue) }
    }

    /// The cells, in order.
    public var cells: [Cell] {
        get { (json["cells"]?.arrayValue ?? []).map { Cell(json: $0.objectValue ?? JSONObject()) } }
        set { json["cells"] = .array(newValue.map { .object($0.json) }) }
    }

    /// Changes every cell in place.
    public mutating func modifyCells(_ body: (inout Cell) throws -> Void) rethrows {
        try json.modify("cells") { cells in
            try cells.withArray { list in
                for i in list.indices {
                    try list[i].withObject { object in
                        var cell = Cell(json: object)
                        object = JSONObject()
                        defer { object = cell.json }
                        try body(&cell)
                    }
                }
            }
        }
    }

    /// The notebook's language: `metadata.language_info.name`, else `metadata.kernelspec.language`.
    public var languageName: String? {
        let meta = metadata
        if let name = meta["language_info"]?.objectValue?["name"]?.stringValue { return name }
        return meta["kernelspec"]?.objectValue?["language"]?.stringValue
    }
}

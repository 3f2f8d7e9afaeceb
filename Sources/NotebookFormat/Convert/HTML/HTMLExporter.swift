// SPDX-License-Identifier: Apache-2.0

/// Quire's HTML page for a notebook (placeholder).
public enum HTMLExporter {
    /// The page.
    public static func export(_ notebook: Notebook, title: String, trusted: Bool) -> ConvertedDocument {
        ConvertedDocument(text: "", fileExtension: ".html")
    }
}

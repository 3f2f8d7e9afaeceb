// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// Python and pysparkkernel, as papermill renders them when `black` is not installed: `None`,
/// `True`/`False`, `float('nan')`/`float('inf')`/`float('-inf')`, `{"k": v}`, `[a, b]`, `# text`.
/// (papermill reformats the cell with black when it can import it; Quire never does, so its
/// output equals papermill's in an environment without black.) The only translator with
/// parameter introspection.
public struct PythonTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "python".
    public var languageName: String { "python" }
    /// `None`.
    public func translateNull() throws(ExecutionError) -> String { "None" }
    /// `True`/`False`.
    public func translateBool(_ bool: Bool) -> String { bool ? "True" : "False" }
    /// `float('nan')` and the infinities, else `repr(float)`.
    public func translateFloat(_ double: Double) -> String {
        if double.isNaN { return "float('nan')" }
        if double.isInfinite { return double < 0 ? "float('-inf')" : "float('inf')" }
        return PythonEscapes.str(double)
    }
    /// `{"k": v, ...}`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "{" + (try joined(object, ", ") { "\($0): \($1)" }) + "}"
    }
    /// `[a, b]`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "[" + (try joined(array, ", ")) + "]"
    }
    /// `# text`.
    public func comment(_ text: String) -> String { PythonString.strip("# \(text)") }
    /// The declared parameters, parsed as papermill's `PythonTranslator.inspect` does.
    public func inspect(_ source: String) -> ParameterInspection? { PythonParameterParser.parse(source) }
}

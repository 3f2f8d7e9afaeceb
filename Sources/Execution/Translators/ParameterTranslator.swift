// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// Renders parameters as code in a kernel's language, as papermill's translators
/// (papermill/translators.py, 2.7.0) do: one method per JSON type, a comment style, an assignment
/// style, and `codify` laying out the injected cell. The defaults are papermill's base
/// `Translator`; each language overrides what it changes.
public protocol ParameterTranslator: Sendable {
    /// The language's name in messages.
    var languageName: String { get }
    /// `None`/`null`.
    func translateNull() throws(ExecutionError) -> String
    /// A string literal.
    func translateString(_ string: String) -> String
    /// A boolean literal.
    func translateBool(_ bool: Bool) -> String
    /// An integer literal (`.int` or `.bigInteger`).
    func translateInteger(_ number: JSONNumber) -> String
    /// A float literal, NaN and the infinities included.
    func translateFloat(_ double: Double) -> String
    /// A dictionary (a JSON object).
    func translateObject(_ object: JSONObject) throws(ExecutionError) -> String
    /// A list (a JSON array).
    func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String
    /// A one-line comment.
    func comment(_ text: String) -> String
    /// One assignment statement, without its line end.
    func assign(_ name: String, _ value: String) -> String
    /// The whole injected cell: the comment line, then one assignment line per parameter.
    func codify(_ parameters: JSONObject, comment: String) throws(ExecutionError) -> String
    /// The parameters declared in a `parameters` cell's source, or `nil` when the language has no
    /// introspection (papermill's `NotImplementedError`).
    func inspect(_ source: String) -> ParameterInspection?
}

extension ParameterTranslator {
    /// papermill's `Translator.translate`: dispatch on the value's type.
    public func translate(_ value: JSONValue) throws(ExecutionError) -> String {
        switch value {
        case .null: return try translateNull()
        case .string(let s): return translateString(s)
        case .bool(let b): return translateBool(b)
        case .number(.double(let d)): return translateFloat(d)
        case .number(let n): return translateInteger(n)
        case .object(let o): return try translateObject(o)
        case .array(let a): return try translateArray(a)
        }
    }

    /// `str(None)`.
    public func translateNull() throws(ExecutionError) -> String { "None" }

    /// papermill's `translate_escaped_str`: `unicode_escape`, then `"` escaped with a backslash.
    public func translateString(_ string: String) -> String {
        "\"" + PythonEscapes.unicodeEscape(string).replacingScalar("\"", with: "\\\"") + "\""
    }

    /// `true`/`false`.
    public func translateBool(_ bool: Bool) -> String { bool ? "true" : "false" }

    /// `str(int)`.
    public func translateInteger(_ number: JSONNumber) -> String { PythonNumberFormat.repr(number) }

    /// `str(float)`: `nan`, `inf`, `-inf`, else the shortest repr (`1e-05`, `1000.0`).
    public func translateFloat(_ double: Double) -> String { PythonEscapes.str(double) }

    /// papermill's base translator has no dictionaries.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        throw ExecutionError(.untranslatableParameter, "\(languageName) parameters cannot be dictionaries")
    }

    /// papermill's base translator has no lists.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        throw ExecutionError(.untranslatableParameter, "\(languageName) parameters cannot be lists")
    }

    /// `name = value`.
    public func assign(_ name: String, _ value: String) -> String { "\(name) = \(value)" }

    /// papermill's `codify`: `comment + "\n"`, then `assign(name, value) + "\n"` per parameter.
    public func codify(_ parameters: JSONObject, comment text: String) throws(ExecutionError) -> String {
        var content = comment(text) + "\n"
        for (name, value) in parameters.entries {
            content += assign(name, try translating(value, name: name)) + "\n"
        }
        return content
    }

    /// No introspection (papermill's default).
    public func inspect(_ source: String) -> ParameterInspection? { nil }

    /// `translate(value)` with the parameter's name in any error.
    func translating(_ value: JSONValue, name: String) throws(ExecutionError) -> String {
        do throws(ExecutionError) { return try translate(value) } catch {
            var named = error
            named.message = "cannot pass the parameter '\(name)': \(error.message)"
            throw named
        }
    }

    /// `items` translated and joined with `separator`.
    func joined(_ items: [JSONValue], _ separator: String) throws(ExecutionError) -> String {
        var parts: [String] = []
        for item in items { parts.append(try translate(item)) }
        return parts.joined(separator: separator)
    }

    /// Each member of `object` rendered by `member(key, value)` and joined with `separator`.
    func joined(
        _ object: JSONObject,
        _ separator: String,
        _ member: (String, String) -> String
    ) throws(ExecutionError) -> String {
        var parts: [String] = []
        for (key, value) in object.entries { parts.append(member(translateString(key), try translate(value))) }
        return parts.joined(separator: separator)
    }
}

/// The translators papermill registers, found by kernel name first, then by language.
public enum ParameterTranslators {
    /// papermill's registry: the name or language, and its translator.
    public static let registered: [String: any ParameterTranslator] = [
        "python": PythonTranslator(), "pysparkkernel": PythonTranslator(),
        "R": RTranslator(), "sparkrkernel": RTranslator(),
        "scala": ScalaTranslator(), "sparkkernel": ScalaTranslator(),
        "julia": JuliaTranslator(), "matlab": MatlabTranslator(),
        ".net-csharp": CSharpTranslator(), ".net-fsharp": FSharpTranslator(),
        ".net-powershell": PowerShellTranslator(), "bash": BashTranslator(),
    ]

    /// The translator for a kernel name, else for a language (papermill's `find_translator`).
    public static func translator(kernelName: String, language: String) throws(ExecutionError)
        -> any ParameterTranslator
    {
        if let translator = registered[kernelName] ?? registered[language] { return translator }
        throw ExecutionError(
            .noTranslator,
            "No parameter translator functions specified for kernel '\(kernelName)' or language '\(language)'"
        )
    }
}

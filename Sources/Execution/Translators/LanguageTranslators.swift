// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// papermill's translators other than Python's, each overriding what its class overrides in
// papermill/translators.py (2.7.0). Floats other than Python's and PowerShell's print as Python's
// `str(float)`, so NaN and the infinities come out as `nan`, `inf`, `-inf`, as in papermill.

/// R and sparkrkernel: `NULL`, `TRUE`/`FALSE`, `list("k" = v)`, leading `_` dropped from names.
public struct RTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "R".
    public var languageName: String { "R" }
    /// `NULL`.
    public func translateNull() throws(ExecutionError) -> String { "NULL" }
    /// `TRUE`/`FALSE`.
    public func translateBool(_ bool: Bool) -> String { bool ? "TRUE" : "FALSE" }
    /// `list("k" = v, ...)`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "list(" + (try joined(object, ", ") { "\($0) = \($1)" }) + ")"
    }
    /// `list(a, b)`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "list(" + (try joined(array, ", ")) + ")"
    }
    /// `# text`.
    public func comment(_ text: String) -> String { PythonString.strip("# \(text)") }
    /// `name = value`, without the leading underscores R does not allow.
    public func assign(_ name: String, _ value: String) -> String {
        "\(String(name.unicodeScalars.drop { $0 == "_" })) = \(value)"
    }
}

/// Scala and sparkkernel: `Map("k" -> v)`, `Seq(a, b)`, `val name = v`, `L` on ints beyond 32 bits.
public struct ScalaTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "scala".
    public var languageName: String { "scala" }
    /// The integer, with `L` when it does not fit in 32 bits.
    public func translateInteger(_ number: JSONNumber) -> String { int32OrLong(number) }
    /// `Map("k" -> v, ...)`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "Map(" + (try joined(object, ", ") { "\($0) -> \($1)" }) + ")"
    }
    /// `Seq(a, b)`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "Seq(" + (try joined(array, ", ")) + ")"
    }
    /// `// text`.
    public func comment(_ text: String) -> String { PythonString.strip("// \(text)") }
    /// `val name = value`.
    public func assign(_ name: String, _ value: String) -> String { "val \(name) = \(value)" }
}

/// Julia: `nothing`, `Dict("k" => v)`, `[a, b]`.
public struct JuliaTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "julia".
    public var languageName: String { "julia" }
    /// `nothing`.
    public func translateNull() throws(ExecutionError) -> String { "nothing" }
    /// `Dict("k" => v, ...)`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "Dict(" + (try joined(object, ", ") { "\($0) => \($1)" }) + ")"
    }
    /// `[a, b]`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "[" + (try joined(array, ", ")) + "]"
    }
    /// `# text`.
    public func comment(_ text: String) -> String { PythonString.strip("# \(text)") }
}

/// MATLAB: `NaN` for None, `"` doubled in strings, `containers.Map({'k'}, {v})`, `{a, b}`, `;` ends.
public struct MatlabTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "matlab".
    public var languageName: String { "matlab" }
    /// `"..."` with `"` doubled.
    public func translateString(_ string: String) -> String {
        "\"" + PythonEscapes.unicodeEscape(string).replacingScalar("\"", with: "\"\"") + "\""
    }
    /// `NaN`.
    public func translateNull() throws(ExecutionError) -> String { "NaN" }
    /// `containers.Map({'k1', 'k2'}, {v1, v2})`, keys as char arrays.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        let keys = object.keys.map { "'" + PythonEscapes.unicodeEscape($0).replacingScalar("'", with: "''") + "'" }
        return "containers.Map({\(keys.joined(separator: ", "))}, {\(try joined(object.entries.map(\.value), ", "))})"
    }
    /// `{a, b}`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "{" + (try joined(array, ", ")) + "}"
    }
    /// `% text`.
    public func comment(_ text: String) -> String { PythonString.strip("% \(text)") }
    /// papermill's MATLAB `codify`: every assignment ends with `;`.
    public func codify(_ parameters: JSONObject, comment text: String) throws(ExecutionError) -> String {
        var content = comment(text) + "\n"
        for (name, value) in parameters.entries {
            content += assign(name, try translating(value, name: name)) + ";\n"
        }
        return content
    }
}

/// C# (.NET Interactive): no None, `new Dictionary<string,Object>{ { "k" , v } }`, `var name = v;`.
public struct CSharpTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "C#".
    public var languageName: String { "C#" }
    /// papermill has no C# form for None.
    public func translateNull() throws(ExecutionError) -> String {
        throw ExecutionError(
            .untranslatableParameter,
            "C# parameters cannot be None (papermill: option type not implemented for C#)"
        )
    }
    /// The integer, with `L` when it does not fit in 32 bits.
    public func translateInteger(_ number: JSONNumber) -> String { int32OrLong(number) }
    /// `new Dictionary<string,Object>{ { "k" , v }, ... }`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "new Dictionary<string,Object>{ " + (try joined(object, ", ") { "{ \($0) , \($1) }" }) + " }"
    }
    /// `new [] { a, b }`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "new [] { " + (try joined(array, ", ")) + " }"
    }
    /// `// text`.
    public func comment(_ text: String) -> String { PythonString.strip("// \(text)") }
    /// `var name = value;`.
    public func assign(_ name: String, _ value: String) -> String { "var \(name) = \(value);" }
}

/// F# (.NET Interactive): `[ ("k", v :> IComparable) ] |> Map.ofList`, `[ a; b ]`, `let name = v`.
public struct FSharpTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "F#".
    public var languageName: String { "F#" }
    /// The integer, with `L` when it does not fit in 32 bits.
    public func translateInteger(_ number: JSONNumber) -> String { int32OrLong(number) }
    /// `[ ("k", v :> IComparable); ... ] |> Map.ofList`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "[ " + (try joined(object, "; ") { "(\($0), \($1) :> IComparable)" }) + " ] |> Map.ofList"
    }
    /// `[ a; b ]`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "[ " + (try joined(array, "; ")) + " ]"
    }
    /// `(* text *)`.
    public func comment(_ text: String) -> String { PythonString.strip("(* \(text) *)") }
    /// `let name = value`.
    public func assign(_ name: String, _ value: String) -> String { "let \(name) = \(value)" }
}

/// PowerShell (.NET Interactive): `$Null`, `$True`, `` `" `` in strings, `@{"k" = v}`, `$name = v`.
public struct PowerShellTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "PowerShell".
    public var languageName: String { "PowerShell" }
    /// `"..."` with `"` escaped by a backtick.
    public func translateString(_ string: String) -> String {
        "\"" + PythonEscapes.unicodeEscape(string).replacingScalar("\"", with: "`\"") + "\""
    }
    /// `[double]::NaN` and the infinities, else `str(float)`.
    public func translateFloat(_ double: Double) -> String {
        if double.isNaN { return "[double]::NaN" }
        if double.isInfinite { return double < 0 ? "[double]::NegativeInfinity" : "[double]::PositiveInfinity" }
        return PythonEscapes.str(double)
    }
    /// `$Null`.
    public func translateNull() throws(ExecutionError) -> String { "$Null" }
    /// `$True`/`$False`.
    public func translateBool(_ bool: Bool) -> String { bool ? "$True" : "$False" }
    /// `@{"k" = v` with members on separate lines `}`.
    public func translateObject(_ object: JSONObject) throws(ExecutionError) -> String {
        "@{" + (try joined(object, "\n ") { "\($0) = \($1)" }) + "}"
    }
    /// `@(a, b)`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "@(" + (try joined(array, ", ")) + ")"
    }
    /// `# text`.
    public func comment(_ text: String) -> String { PythonString.strip("# \(text)") }
    /// `$name = value`.
    public func assign(_ name: String, _ value: String) -> String { "$\(name) = \(value)" }
}

/// Bash: strings through `shlex.quote`, None as nothing, `(a b)` arrays, no dictionaries.
public struct BashTranslator: ParameterTranslator {
    /// A translator.
    public init() {}
    /// "bash".
    public var languageName: String { "bash" }
    /// The empty string.
    public func translateNull() throws(ExecutionError) -> String { "" }
    /// `shlex.quote(s)`.
    public func translateString(_ string: String) -> String { PythonEscapes.shellQuote(string) }
    /// `(a b)`.
    public func translateArray(_ array: [JSONValue]) throws(ExecutionError) -> String {
        "(" + (try joined(array, " ")) + ")"
    }
    /// `# text`.
    public func comment(_ text: String) -> String { PythonString.strip("# \(text)") }
    /// `name=value`.
    public func assign(_ name: String, _ value: String) -> String { "\(name)=\(value)" }
}

/// papermill's `translate_int` for Scala, C# and F#: an `L` suffix outside the 32-bit range.
private func int32OrLong(_ number: JSONNumber) -> String {
    let text = PythonNumberFormat.repr(number)
    if case .int(let i) = number, i >= Int(Int32.min), i <= Int(Int32.max) { return text }
    return text + "L"
}

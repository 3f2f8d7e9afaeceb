// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// papermill's `parameterize_path`: an input or output path is a Python format string filled from
/// the parameters plus `pm` (`out_{alpha}.ipynb`, `{pm[run_uuid]}`,
/// `{pm[current_datetime_utc]:%Y-%m-%d}`). Supports `{name}`, `[key]` and `[index]` lookups, the
/// `!s`/`!r`/`!a` conversions, and format specs for strings, integers, floats and times (see
/// `PythonFormatSpec`). A missing name is papermill's "Missing parameter 'x'" error.
public enum PathTemplate {
    /// `template.format(**parameters)` with `pm` (unless a parameter is itself named `pm`).
    public static func format(
        _ template: String,
        parameters: JSONObject,
        builtins: PapermillBuiltins
    ) throws(ExecutionError) -> String {
        try Formatter(parameters: parameters, builtins: builtins, template: template).format(template, depth: 0)
    }
}

/// A value a template can reach: a parameter, `pm`, or one of `pm`'s times.
enum TemplateValue {
    case json(JSONValue)
    case time(CivilTime)
    case builtins(PapermillBuiltins)

    /// Python's `str(value)`.
    var str: String {
        if case .json(.string(let s)) = self { return s }
        if case .time(let time) = self { return time.pythonString }
        return repr
    }

    /// Python's `repr(value)`.
    var repr: String {
        switch self {
        case .time(let time): return time.pythonRepr
        case .builtins(let pm):
            return
                "{'run_uuid': \(PythonString.repr(pm.runUUID)), 'current_datetime_local': \(pm.localTime.pythonRepr), "
                + "'current_datetime_utc': \(pm.utcTime.pythonRepr)}"
        case .json(let value):
            switch value {
            case .null: return "None"
            case .bool(let b): return b ? "True" : "False"
            case .number(.double(let d)): return PythonEscapes.str(d)
            case .number(let n): return PythonNumberFormat.repr(n)
            case .string(let s): return PythonString.repr(s)
            case .array(let items): return "[" + items.map { TemplateValue.json($0).repr }.joined(separator: ", ") + "]"
            case .object(let object):
                let members = object.entries.map {
                    PythonString.repr($0.key) + ": " + TemplateValue.json($0.value).repr
                }
                return "{" + members.joined(separator: ", ") + "}"
            }
        }
    }

    /// `value[key]` (`key` as written between the brackets: digits index, anything else is a string).
    func subscripted(_ key: String) -> Result<TemplateValue, LookupFailure> {
        let index = key.isASCIIDigits ? Int(key) : nil
        let keyRepr = index.map(String.init) ?? PythonString.repr(key)
        switch self {
        case .builtins(let pm):
            switch key {
            case "run_uuid": return .success(.json(.string(pm.runUUID)))
            case "current_datetime_local": return .success(.time(pm.localTime))
            case "current_datetime_utc": return .success(.time(pm.utcTime))
            default: return .failure(.missing(keyRepr))
            }
        case .json(.object(let object)):
            guard index == nil, let value = object[key] else { return .failure(.missing(keyRepr)) }
            return .success(.json(value))
        case .json(.array(let items)):
            guard let index else { return .failure(.other("list indices must be integers, not '\(key)'")) }
            guard index < items.count else { return .failure(.other("list index \(index) out of range")) }
            return .success(.json(items[index]))
        case .json(.string(let text)):
            let scalars = Array(text.unicodeScalars)
            guard let index, index < scalars.count else {
                return .failure(.other("string index '\(key)' out of range"))
            }
            return .success(.json(.string(String(scalars[index]))))
        default:
            return .failure(.other("\(typeName) values cannot be subscripted"))
        }
    }

    /// Python's type name, for messages.
    var typeName: String {
        switch self {
        case .time: return "datetime"
        case .builtins: return "dict"
        case .json(let value):
            switch value {
            case .null: return "NoneType"
            case .bool: return "bool"
            case .number(.double): return "float"
            case .number: return "int"
            case .string: return "str"
            case .array: return "list"
            case .object: return "dict"
            }
        }
    }

    /// Why a lookup failed: papermill's missing-parameter error, or anything else Python raises.
    enum LookupFailure: Error {
        case missing(String)
        case other(String)
    }
}

/// The `str.format` machinery over one template.
private struct Formatter {
    let parameters: JSONObject
    let builtins: PapermillBuiltins
    let template: String

    func format(_ text: String, depth: Int) throws(ExecutionError) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "}" {
                guard i + 1 < s.count, s[i + 1] == "}" else { throw failure("Single '}' encountered in format string") }
                out.append("}")
                i += 2
            } else if c == "{" {
                if i + 1 < s.count, s[i + 1] == "{" {
                    out.append("{")
                    i += 2
                    continue
                }
                var end = i + 1
                var nesting = 1
                while end < s.count {
                    if s[end] == "{" { nesting += 1 }
                    if s[end] == "}" { nesting -= 1 }
                    if nesting == 0 { break }
                    end += 1
                }
                guard end < s.count else {
                    throw failure(
                        i + 1 == s.count
                            ? "Single '{' encountered in format string" : "expected '}' before end of string"
                    )
                }
                out.append(contentsOf: try replacement(Array(s[(i + 1)..<end]), depth: depth).unicodeScalars)
                i = end + 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    /// One `{field!conversion:spec}` replaced.
    private func replacement(_ field: [Unicode.Scalar], depth: Int) throws(ExecutionError) -> String {
        guard depth < 2 else { throw failure("Max string recursion exceeded") }
        // The field name runs to the first `!` or `:` outside brackets.
        var i = 0
        while i < field.count, field[i] != "!", field[i] != ":" {
            if field[i] == "[" { while i < field.count, field[i] != "]" { i += 1 } }
            if i < field.count { i += 1 }
        }
        var value = try lookup(Array(field[..<min(i, field.count)]))
        if i < field.count, field[i] == "!" {
            guard i + 1 < field.count else { throw failure("end of string while looking for conversion specifier") }
            switch field[i + 1] {
            case "s": value = .json(.string(value.str))
            case "r": value = .json(.string(value.repr))
            case "a": value = .json(.string(PythonEscapes.asciiOnly(value.repr)))
            default: throw failure("Unknown conversion specifier \(field[i + 1])")
            }
            i += 2
            guard i == field.count || field[i] == ":" else { throw failure("expected ':' after conversion specifier") }
        }
        let spec = i < field.count ? try format(PythonString.string(field[(i + 1)...]), depth: depth + 1) : ""
        do throws(PythonFormatSpec.Failure) { return try PythonFormatSpec.format(value, spec: spec) } catch {
            throw failure(error.message)
        }
    }

    /// The value a field name reaches: `name`, then `[key]` lookups.
    private func lookup(_ name: [Unicode.Scalar]) throws(ExecutionError) -> TemplateValue {
        var i = 0
        while i < name.count, name[i] != ".", name[i] != "[" { i += 1 }
        let head = PythonString.string(name[..<i])
        if head.isEmpty || head.isASCIIDigits {
            throw failure("Replacement index \(head.isEmpty ? "0" : head) out of range for positional args tuple")
        }
        var value: TemplateValue
        if let parameter = parameters[head] {
            value = .json(parameter)
        } else if head == "pm" {
            value = .builtins(builtins)
        } else {
            throw missing(PythonString.repr(head))
        }
        while i < name.count {
            guard name[i] == "[" else {
                throw failure("attribute lookups ('.' in a field name) are not supported in path templates")
            }
            guard let close = name[i...].firstIndex(of: "]") else { throw failure("Missing ']' in format string") }
            switch value.subscripted(PythonString.string(name[(i + 1)..<close])) {
            case .success(let next): value = next
            case .failure(.missing(let key)): throw missing(key)
            case .failure(.other(let problem)): throw failure(problem)
            }
            i = close + 1
            guard i == name.count || name[i] == "[" || name[i] == "." else {
                throw failure("Only '.' or '[' may follow ']' in format field specifier")
            }
        }
        return value
    }

    private func missing(_ key: String) -> ExecutionError {
        ExecutionError(.missingParameter, "Missing parameter \(key) in the path template '\(template)'")
    }

    private func failure(_ problem: String) -> ExecutionError {
        ExecutionError(.invalidPathTemplate, "the path template '\(template)': \(problem)")
    }
}

extension String {
    /// True for a non-empty string of ASCII digits (what `str.format` reads as an index).
    fileprivate var isASCIIDigits: Bool {
        !isEmpty && utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

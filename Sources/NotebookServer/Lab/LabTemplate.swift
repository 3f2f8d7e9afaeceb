// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// JupyterLab's `static/index.html`, a Jinja template, reduced to the constructs it uses:
/// `{# comments #}`, `{% set x = y.copy() %}`, `{% set _ = x.update(k=v, …) %}`, `{% block %}`,
/// `{% if name %}…{% endif %}`, and `{{ dotted.name | tojson | escape }}` (autoescaped, as
/// jupyter_server's Jinja environment is). Parsed once; anything else is a configuration error.
struct LabTemplate: Sendable {
    /// One piece of the parsed template.
    enum Node: Sendable {
        /// Literal text.
        case text(String)
        /// `{{ path | filters }}`.
        case output(path: [String], filters: [String])
        /// `{% set name = source.copy() %}`.
        case copy(name: String, source: String)
        /// `{% set _ = target.update(key=variable, …) %}`.
        case update(target: String, members: [(String, String)])
        /// `{% if name %}`.
        case ifStart(String)
        /// `{% endif %}`.
        case ifEnd
    }

    /// A template construct this renderer does not know.
    struct Unsupported: Error, CustomStringConvertible {
        /// The construct.
        var description: String
    }

    /// The parsed template.
    let nodes: [Node]

    /// Parses a template's text.
    init(_ text: String) throws(Unsupported) {
        var nodes: [Node] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{") {
            let after = rest[open.upperBound...]
            guard let kind = after.first, "{%#".contains(kind) else {
                Self.appendText(rest[..<open.upperBound], to: &nodes)
                rest = after
                continue
            }
            let closer = kind == "{" ? "}}" : "\(kind)}"
            guard let close = after.dropFirst().firstRange(of: closer) else { throw Unsupported(description: "unterminated {\(kind)") }
            Self.appendText(rest[..<open.lowerBound], to: &nodes)
            let inner = after.dropFirst()[..<close.lowerBound].trimmingSpaces()
            switch kind {
            case "{": nodes.append(try Self.output(inner))
            case "%": if let node = try Self.statement(inner) { nodes.append(node) }
            default: break
            }
            rest = after.dropFirst()[close.upperBound...]
        }
        Self.appendText(rest, to: &nodes)
        self.nodes = nodes
    }

    /// Appends literal text, merging with a preceding text node.
    private static func appendText(_ text: Substring, to nodes: inout [Node]) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = nodes.last {
            nodes[nodes.count - 1] = .text(previous + text)
        } else {
            nodes.append(.text(String(text)))
        }
    }

    /// `name.attr | filter | filter`.
    private static func output(_ inner: Substring) throws(Unsupported) -> Node {
        let parts = inner.split(separator: "|").map { String($0.trimmingSpaces()) }
        let path = parts[0].split(separator: ".").map(String.init)
        guard !path.isEmpty, path.allSatisfy(isIdentifier) else { throw Unsupported(description: "expression {{ \(inner) }}") }
        let filters = Array(parts.dropFirst())
        for filter in filters where !["tojson", "escape", "e", "safe"].contains(filter) {
            throw Unsupported(description: "filter \(filter) in {{ \(inner) }}")
        }
        return .output(path: path, filters: filters)
    }

    /// A `{% … %}` statement; nil for the ones that render nothing (`block`, `endblock`).
    private static func statement(_ inner: Substring) throws(Unsupported) -> Node? {
        let words = inner.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case "block", "endblock": return nil
        case "endif": return .ifEnd
        case "if" where words.count == 2 && isIdentifier(words[1]): return .ifStart(words[1])
        case "set" where words.count == 2:
            let sides = words[1].split(separator: "=", maxSplits: 1).map { String($0.trimmingSpaces()) }
            if sides.count == 2, isIdentifier(sides[0]), sides[1].hasSuffix(".copy()") {
                return .copy(name: sides[0], source: String(sides[1].dropLast(".copy()".count)))
            }
            if sides.count == 2, let open = sides[1].firstIndex(of: "("), sides[1].hasSuffix(")"),
                sides[1][..<open].hasSuffix(".update")
            {
                let target = String(sides[1][..<open].dropLast(".update".count))
                let arguments = sides[1][sides[1].index(after: open)..<sides[1].index(before: sides[1].endIndex)]
                var members: [(String, String)] = []
                for argument in arguments.split(separator: ",") {
                    let pair = argument.split(separator: "=").map { String($0.trimmingSpaces()) }
                    guard pair.count == 2, isIdentifier(pair[0]), isIdentifier(pair[1]) else {
                        throw Unsupported(description: "statement {% \(inner) %}")
                    }
                    members.append((pair[0], pair[1]))
                }
                return .update(target: target, members: members)
            }
        default: break
        }
        throw Unsupported(description: "statement {% \(inner) %}")
    }

    /// Letters, digits and `_`.
    private static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Renders with `variables`; missing names are undefined (empty and false).
    func render(_ variables: JSONObject) -> String {
        var scope = variables
        var out = ""
        var skipping = 0
        for node in nodes {
            switch node {
            case .ifStart(let name):
                if skipping > 0 || !(scope[name]?.isTruthy ?? false) { skipping += 1 }
            case .ifEnd:
                if skipping > 0 { skipping -= 1 }
            case _ where skipping > 0:
                continue
            case .text(let text):
                out += text
            case .copy(let name, let source):
                scope[name] = scope[source] ?? .object(JSONObject())
            case .update(let target, let members):
                var object = scope[target]?.objectValue ?? JSONObject()
                for (key, variable) in members { object[key] = scope[variable] ?? .null }
                scope[target] = .object(object)
            case .output(let path, let filters):
                out += Self.evaluate(path: path, filters: filters, in: scope)
            }
        }
        return out
    }

    /// The text of one `{{ }}`: the value, through its filters, HTML-escaped unless marked safe.
    private static func evaluate(path: [String], filters: [String], in scope: JSONObject) -> String {
        var value = scope[path[0]]
        for key in path.dropFirst() { value = value?.objectValue?[key] }
        var text: String
        var safe = false
        switch value {
        case .string(let string)?: text = string
        case nil, .null?: text = value == nil ? "" : "None"
        case let other?: text = PythonJSONWriter(indent: nil, sortKeys: true).string(other)
        }
        for filter in filters {
            switch filter {
            case "tojson":
                text = htmlSafeJSON(value ?? .null)
                safe = true
            case "safe": safe = true
            default:
                if !safe { text = escapeHTML(text) }
                safe = true
            }
        }
        return safe ? text : escapeHTML(text)
    }

    /// Jinja's `tojson`: sorted keys, ASCII only, with `<`, `>`, `&` and `'` as `\u` escapes.
    static func htmlSafeJSON(_ value: JSONValue) -> String {
        var out = ""
        for character in PythonJSONWriter(indent: nil, sortKeys: true, asciiOnly: true).string(value) {
            switch character {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "'": out += "\\u0027"
            default: out.append(character)
            }
        }
        return out
    }

    /// MarkupSafe's `escape`.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension Substring {
    /// Without leading and trailing spaces and newlines.
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

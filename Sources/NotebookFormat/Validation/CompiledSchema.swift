// SPDX-License-Identifier: Apache-2.0

/// A schema document made ready for validation: every subschema is a node in one flat list, each
/// `$ref` points at a node number, and each node knows its location in the document (a JSON
/// pointer such as `#/definitions/code_cell/properties/outputs`) for messages.
struct CompiledSchema: Sendable {
    /// One subschema.
    struct Node: Sendable {
        /// Where the subschema is written, as a JSON pointer fragment (`#/definitions/...`).
        var location: String
        /// Its keywords in written order (only `$ref` when it has one: draft-04 ignores the siblings).
        var keywords: [Keyword]
    }

    /// A keyword with its subschemas replaced by node numbers.
    enum Keyword: Sendable {
        case type([JSONType])
        case properties([(name: String, node: Int)])
        case patternProperties([(pattern: SchemaPattern, node: Int)])
        /// Members named neither by `properties` (`known`) nor by `patternProperties` are forbidden,
        /// or must match `node`.
        case additionalProperties(forbidden: Bool, node: Int?, known: [String], patterns: [SchemaPattern])
        case required([String])
        case items(Int)
        case oneOf([Int])
        case anyOf([Int])
        case allOf([Int])
        case not(Int)
        case enumeration([JSONValue])
        case pattern(SchemaPattern)
        case minimum(JSONNumber)
        case maximum(JSONNumber)
        case minLength(Int)
        case maxLength(Int)
        case uniqueItems
        case ref(Int)
        /// A `$ref` that names nothing in the document; it fails every value.
        case unresolvable(String)
    }

    /// What a definition name refers to.
    enum DefinitionLookup: Sendable, Equatable {
        case node(Int)
        /// A folder of definitions (`misc`), which as a schema accepts anything.
        case group
        case missing
    }

    /// All nodes; node 0 is the root.
    private(set) var nodes: [Node] = []
    private var definitionNodes: [String: Int] = [:]
    private var groups: Set<String> = []

    /// Compiles a document.
    init(_ document: SchemaDocument) {
        nodes.append(Node(location: "#", keywords: []))
        for (name, _) in document.definitions {
            definitionNodes[name] = nodes.count
            nodes.append(
                Node(location: "#/definitions/" + CompiledSchema.escape(name, keepSlashes: true), keywords: [])
            )
            var prefix = ""
            for part in name.split(separator: "/").dropLast() {
                prefix += prefix.isEmpty ? String(part) : "/" + part
                groups.insert(prefix)
            }
        }
        fill(0, with: document.root)
        for (name, schema) in document.definitions {
            if let index = definitionNodes[name] { fill(index, with: schema) }
        }
    }

    /// The node of a definition (`code_cell`, `misc/source`).
    func definition(named name: String) -> DefinitionLookup {
        if let index = definitionNodes[name] { return .node(index) }
        return groups.contains(name) ? .group : .missing
    }

    /// A short name for a node in messages: the definition it refers to, else its types.
    func label(of index: Int) -> String {
        for keyword in nodes[index].keywords {
            if case .ref(let target) = keyword, let name = definitionNodes.first(where: { $0.value == target })?.key {
                return name
            }
            if case .type(let types) = keyword {
                let name = types.map(\.rawValue).joined(separator: " or ")
                for case .items(let element) in nodes[index].keywords { return "\(name) of \(label(of: element))" }
                return name
            }
        }
        return "a schema at \(nodes[index].location)"
    }

    // MARK: - Compiling

    private mutating func fill(_ index: Int, with schema: JSONSchema) {
        let location = nodes[index].location
        if let ref = schema.keywords.first(where: { if case .ref = $0 { return true } else { return false } }),
            case .ref(let target) = ref
        {
            nodes[index].keywords = [resolve(target)]
            return
        }
        let known = schema.keywords.flatMap { keyword -> [String] in
            if case .properties(let members) = keyword { return members.map(\.0) } else { return [] }
        }
        let patterns = schema.keywords.flatMap { keyword -> [SchemaPattern] in
            if case .patternProperties(let members) = keyword { return members.map(\.0) } else { return [] }
        }
        var compiled: [Keyword] = []
        for keyword in schema.keywords {
            let at = location + "/" + keyword.name
            switch keyword {
            case .type(let types, _): compiled.append(.type(types))
            case .properties(let members):
                compiled.append(
                    .properties(members.map { ($0.0, add($0.1, at: at + "/" + CompiledSchema.escape($0.0))) })
                )
            case .patternProperties(let members):
                compiled.append(
                    .patternProperties(
                        members.map { ($0.0, add($0.1, at: at + "/" + CompiledSchema.escape($0.0.source))) }
                    )
                )
            case .additionalProperties(.allowed(let allowed)):
                if !allowed {
                    compiled.append(.additionalProperties(forbidden: true, node: nil, known: known, patterns: patterns))
                }
            case .additionalProperties(.schema(let s)):
                compiled.append(
                    .additionalProperties(forbidden: false, node: add(s, at: at), known: known, patterns: patterns)
                )
            case .required(let names): compiled.append(.required(names))
            case .items(let s): compiled.append(.items(add(s, at: at)))
            case .oneOf(let list):
                compiled.append(.oneOf(list.enumerated().map { add($0.element, at: at + "/\($0.offset)") }))
            case .anyOf(let list):
                compiled.append(.anyOf(list.enumerated().map { add($0.element, at: at + "/\($0.offset)") }))
            case .allOf(let list):
                compiled.append(.allOf(list.enumerated().map { add($0.element, at: at + "/\($0.offset)") }))
            case .not(let s): compiled.append(.not(add(s, at: at)))
            case .enumeration(let values): compiled.append(.enumeration(values))
            case .pattern(let p): compiled.append(.pattern(p))
            case .minimum(let n): compiled.append(.minimum(n))
            case .maximum(let n): compiled.append(.maximum(n))
            case .minLength(let n): compiled.append(.minLength(n))
            case .maxLength(let n): compiled.append(.maxLength(n))
            case .uniqueItems(let unique): if unique { compiled.append(.uniqueItems) }
            case .ref(let target): compiled.append(resolve(target))
            }
        }
        nodes[index].keywords = compiled
    }

    private mutating func add(_ schema: JSONSchema, at location: String) -> Int {
        let index = nodes.count
        nodes.append(Node(location: location, keywords: []))
        fill(index, with: schema)
        return index
    }

    private func resolve(_ target: String) -> Keyword {
        if target == "#" { return .ref(0) }
        if target.hasPrefix(SchemaDocument.definitionsPrefix),
            let index = definitionNodes[String(target.dropFirst(SchemaDocument.definitionsPrefix.count))]
        {
            return .ref(index)
        }
        return .unresolvable(target)
    }

    /// A key escaped for a JSON pointer (`~` as `~0`, `/` as `~1` unless it separates nested names).
    static func escape(_ key: String, keepSlashes: Bool = false) -> String {
        var out = ""
        for c in key.unicodeScalars {
            switch c {
            case "~": out += "~0"
            case "/" where !keepSlashes: out += "~1"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

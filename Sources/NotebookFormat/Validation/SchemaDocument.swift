// SPDX-License-Identifier: Apache-2.0

/// A whole schema file: the root schema and its `definitions`, in written order. A definition's
/// name may be nested with `/` (`misc/source` is `definitions.misc.source`), as `$ref`s name them.
struct SchemaDocument: Sendable {
    /// How every local `$ref` starts.
    static let definitionsPrefix = "#/definitions/"

    /// The root schema.
    var root: JSONSchema
    /// The definitions by (possibly nested) name, in written order.
    var definitions: [(name: String, schema: JSONSchema)]

    /// The definition named `name`, if any.
    func definition(_ name: String) -> JSONSchema? {
        definitions.first { $0.name == name }?.schema
    }

    /// True when `name` is a folder of definitions (`misc`) rather than a definition.
    func isDefinitionGroup(_ name: String) -> Bool {
        definitions.contains { $0.name.hasPrefix(name + "/") }
    }

    // MARK: - Editing (for describing one schema version as changes to another)

    /// Changes the definition `name` in place.
    mutating func modifyDefinition(_ name: String, _ body: (inout JSONSchema) -> Void) {
        guard let i = definitions.firstIndex(where: { $0.name == name }) else { return }
        body(&definitions[i].schema)
    }

    /// Inserts a definition before the one named `before` (at the end when there is none).
    mutating func insertDefinition(_ name: String, _ schema: JSONSchema, before: String) {
        let i = definitions.firstIndex { $0.name == before } ?? definitions.endIndex
        definitions.insert((name, schema), at: i)
    }

    /// Applies `body` to every schema in the document, depth first (subschemas before their parents).
    mutating func transformSchemas(_ body: (inout JSONSchema) -> Void) {
        root.transformAll(body)
        for i in definitions.indices { definitions[i].schema.transformAll(body) }
    }

    // MARK: - As JSON

    /// The document as schema JSON (without annotations), nesting grouped definitions.
    var jsonValue: JSONValue {
        guard case .object(var object) = root.jsonValue else { return root.jsonValue }
        var groups = JSONObject()
        for (name, schema) in definitions {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            groups.insert(schema.jsonValue, at: parts[...])
        }
        object["definitions"] = .object(groups)
        return .object(object)
    }
}

extension JSONObject {
    /// Stores `value` under a path of nested object keys, creating the objects on the way.
    fileprivate mutating func insert(_ value: JSONValue, at path: ArraySlice<String>) {
        guard let first = path.first else { return }
        if path.count == 1 {
            self[first] = value
            return
        }
        var inner = self[first]?.objectValue ?? JSONObject()
        inner.insert(value, at: path.dropFirst())
        self[first] = .object(inner)
    }
}

extension JSONSchema {
    // MARK: - Editing

    /// Changes the schema of property `name` (inside `properties`) in place.
    mutating func modifyProperty(_ name: String, _ body: (inout JSONSchema) -> Void) {
        for k in keywords.indices {
            guard case .properties(var members) = keywords[k], let i = members.firstIndex(where: { $0.0 == name })
            else { continue }
            body(&members[i].1)
            keywords[k] = .properties(members)
        }
    }

    /// Inserts a property after the one named `after`, or first when `after` is nil.
    mutating func insertProperty(_ name: String, _ schema: JSONSchema, after: String?) {
        for k in keywords.indices {
            guard case .properties(var members) = keywords[k] else { continue }
            let i = after.flatMap { a in members.firstIndex { $0.0 == a }.map { $0 + 1 } } ?? 0
            members.insert((name, schema), at: i)
            keywords[k] = .properties(members)
        }
    }

    /// Puts `name` first in `required`.
    mutating func requireFirst(_ name: String) {
        for k in keywords.indices {
            if case .required(let names) = keywords[k] { keywords[k] = .required([name] + names) }
        }
    }

    /// Replaces the value of `minimum`.
    mutating func setMinimum(_ value: Int) {
        for k in keywords.indices {
            if case .minimum = keywords[k] { keywords[k] = .minimum(.int(value)) }
        }
    }

    /// Applies `body` to every subschema and then to this schema.
    mutating func transformAll(_ body: (inout JSONSchema) -> Void) {
        func each(_ list: [JSONSchema]) -> [JSONSchema] {
            list.map {
                var s = $0; s.transformAll(body); return s
            }
        }
        func one(_ schema: JSONSchema) -> JSONSchema {
            var s = schema
            s.transformAll(body)
            return s
        }
        keywords = keywords.map { keyword in
            switch keyword {
            case .properties(let members): return .properties(members.map { ($0.0, one($0.1)) })
            case .patternProperties(let members): return .patternProperties(members.map { ($0.0, one($0.1)) })
            case .additionalProperties(.schema(let s)): return .additionalProperties(.schema(one(s)))
            case .items(let s): return .items(one(s))
            case .oneOf(let list): return .oneOf(each(list))
            case .anyOf(let list): return .anyOf(each(list))
            case .allOf(let list): return .allOf(each(list))
            case .not(let s): return .not(one(s))
            default: return keyword
            }
        }
        body(&self)
    }

    // MARK: - As JSON

    /// The schema as JSON, keywords in order.
    var jsonValue: JSONValue {
        var object = JSONObject()
        for keyword in keywords { object[keyword.name] = keyword.jsonValue }
        return .object(object)
    }
}

extension SchemaKeyword {
    /// The keyword's value as it is written in schema JSON.
    var jsonValue: JSONValue {
        func members(_ list: [(String, JSONSchema)]) -> JSONValue {
            .object(JSONObject(list.map { ($0.0, $0.1.jsonValue) }))
        }
        switch self {
        case .type(let types, let list):
            if !list, types.count == 1 { return .string(types[0].rawValue) }
            return .array(types.map { .string($0.rawValue) })
        case .properties(let list): return members(list)
        case .patternProperties(let list): return members(list.map { ($0.0.source, $0.1) })
        case .additionalProperties(.allowed(let b)): return .bool(b)
        case .additionalProperties(.schema(let s)): return s.jsonValue
        case .required(let names): return .array(names.map { .string($0) })
        case .items(let s), .not(let s): return s.jsonValue
        case .oneOf(let list), .anyOf(let list), .allOf(let list): return .array(list.map(\.jsonValue))
        case .enumeration(let values): return .array(values)
        case .pattern(let p): return .string(p.source)
        case .minimum(let n), .maximum(let n): return .number(n)
        case .minLength(let n), .maxLength(let n): return .number(.int(n))
        case .uniqueItems(let b): return .bool(b)
        case .ref(let target): return .string(target)
        }
    }
}

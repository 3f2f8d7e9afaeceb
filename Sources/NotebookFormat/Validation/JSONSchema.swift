// SPDX-License-Identifier: Apache-2.0

/// A JSON Schema (draft-04) held as its keywords in the order they are written, because a
/// draft-04 validator reports problems keyword by keyword in that order. Annotations
/// (`description`, `$schema`) are not kept. Built with a small chaining vocabulary, e.g.
/// `JSONSchema.object.required("name").properties(["name": .string])`.
struct JSONSchema: Sendable {
    /// The keywords, in written order.
    var keywords: [SchemaKeyword] = []

    /// The empty schema, which accepts anything.
    static var any: JSONSchema { JSONSchema() }
    /// `{"type": "object"}`.
    static var object: JSONSchema { any.type(.object) }
    /// `{"type": "array"}`.
    static var array: JSONSchema { any.type(.array) }
    /// `{"type": "string"}`.
    static var string: JSONSchema { any.type(.string) }
    /// `{"type": "boolean"}`.
    static var boolean: JSONSchema { any.type(.boolean) }
    /// `{"type": "integer"}`.
    static var integer: JSONSchema { any.type(.integer) }

    /// `{"$ref": "#/definitions/<definition>"}`; `definition` may be nested (`misc/source`).
    static func ref(_ definition: String) -> JSONSchema {
        JSONSchema(keywords: [.ref(SchemaDocument.definitionsPrefix + definition)])
    }

    /// `{"enum": [...]}`.
    static func oneOfValues(_ values: JSONValue...) -> JSONSchema { any.enumeration(values) }

    /// `{"oneOf": [...]}`.
    static func oneOf(_ branches: JSONSchema...) -> JSONSchema { any.oneOf(branches) }

    /// `{"not": schema}`.
    static func not(_ schema: JSONSchema) -> JSONSchema { any.adding(.not(schema)) }

    // MARK: - Keywords, appended in the order written

    /// Adds `type` with one type (written as a string).
    func type(_ type: JSONType) -> JSONSchema { adding(.type([type], list: false)) }
    /// Adds `type` with a list of types.
    func types(_ types: JSONType...) -> JSONSchema { adding(.type(types, list: true)) }
    /// Adds `properties`, keeping the given order.
    func properties(_ members: KeyValuePairs<String, JSONSchema>) -> JSONSchema {
        adding(.properties(members.map { ($0.key, $0.value) }))
    }
    /// Adds `patternProperties`; the patterns must be in the supported subset (see `SchemaPattern`).
    func patternProperties(_ members: KeyValuePairs<String, JSONSchema>) -> JSONSchema {
        adding(.patternProperties(members.map { (SchemaPattern.literal($0.key), $0.value) }))
    }
    /// Adds `additionalProperties: true/false`.
    func additionalProperties(_ allowed: Bool) -> JSONSchema { adding(.additionalProperties(.allowed(allowed))) }
    /// Adds `additionalProperties` with a schema for the additional values.
    func additionalProperties(_ schema: JSONSchema) -> JSONSchema { adding(.additionalProperties(.schema(schema))) }
    /// Adds `required`.
    func required(_ names: String...) -> JSONSchema { adding(.required(names)) }
    /// Adds `items` with one schema for every element.
    func items(_ schema: JSONSchema) -> JSONSchema { adding(.items(schema)) }
    /// Adds `oneOf`.
    func oneOf(_ branches: [JSONSchema]) -> JSONSchema { adding(.oneOf(branches)) }
    /// Adds `anyOf`.
    func anyOf(_ branches: [JSONSchema]) -> JSONSchema { adding(.anyOf(branches)) }
    /// Adds `allOf`.
    func allOf(_ branches: [JSONSchema]) -> JSONSchema { adding(.allOf(branches)) }
    /// Adds `enum`.
    func enumeration(_ values: [JSONValue]) -> JSONSchema { adding(.enumeration(values)) }
    /// Adds `pattern`.
    func pattern(_ source: String) -> JSONSchema { adding(.pattern(SchemaPattern.literal(source))) }
    /// Adds `minimum`.
    func minimum(_ value: Int) -> JSONSchema { adding(.minimum(.int(value))) }
    /// Adds `maximum`.
    func maximum(_ value: Int) -> JSONSchema { adding(.maximum(.int(value))) }
    /// Adds `minLength`.
    func minLength(_ value: Int) -> JSONSchema { adding(.minLength(value)) }
    /// Adds `maxLength`.
    func maxLength(_ value: Int) -> JSONSchema { adding(.maxLength(value)) }
    /// Adds `uniqueItems`.
    func uniqueItems(_ value: Bool) -> JSONSchema { adding(.uniqueItems(value)) }

    /// This schema with one more keyword at the end.
    func adding(_ keyword: SchemaKeyword) -> JSONSchema {
        var copy = self
        copy.keywords.append(keyword)
        return copy
    }
}

/// A draft-04 primitive type name.
enum JSONType: String, Sendable, CaseIterable {
    case array, boolean, integer, null, number, object, string

    /// True when `value` is of this type, as draft-04 defines it: booleans are not numbers, and
    /// `integer` means a JSON integer (not `1.0`).
    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.array, .array), (.boolean, .bool), (.null, .null), (.number, .number), (.object, .object),
            (.string, .string):
            return true
        case (.integer, .number(.int)), (.integer, .number(.bigInteger)): return true
        default: return false
        }
    }
}

/// What `additionalProperties` says about members not named by `properties` or `patternProperties`.
enum AdditionalProperties: Sendable {
    /// `true` (allowed) or `false` (forbidden).
    case allowed(Bool)
    /// Allowed when their values satisfy this schema.
    case schema(JSONSchema)
}

/// One draft-04 keyword with its value.
enum SchemaKeyword: Sendable {
    /// `type`; `list` records whether it was written as a list.
    case type([JSONType], list: Bool)
    case properties([(String, JSONSchema)])
    case patternProperties([(SchemaPattern, JSONSchema)])
    case additionalProperties(AdditionalProperties)
    case required([String])
    case items(JSONSchema)
    case oneOf([JSONSchema])
    case anyOf([JSONSchema])
    case allOf([JSONSchema])
    case not(JSONSchema)
    case enumeration([JSONValue])
    case pattern(SchemaPattern)
    case minimum(JSONNumber)
    case maximum(JSONNumber)
    case minLength(Int)
    case maxLength(Int)
    case uniqueItems(Bool)
    /// `$ref`, as written (`#/definitions/...`).
    case ref(String)

    /// The keyword's name as written in a schema file.
    var name: String {
        switch self {
        case .type: return "type"
        case .properties: return "properties"
        case .patternProperties: return "patternProperties"
        case .additionalProperties: return "additionalProperties"
        case .required: return "required"
        case .items: return "items"
        case .oneOf: return "oneOf"
        case .anyOf: return "anyOf"
        case .allOf: return "allOf"
        case .not: return "not"
        case .enumeration: return "enum"
        case .pattern: return "pattern"
        case .minimum: return "minimum"
        case .maximum: return "maximum"
        case .minLength: return "minLength"
        case .maxLength: return "maxLength"
        case .uniqueItems: return "uniqueItems"
        case .ref: return "$ref"
        }
    }
}

extension SchemaPattern {
    /// A pattern written in Quire's own schema source; one outside the supported subset becomes a
    /// pattern that never matches, which the schema unit tests catch (`isSupported`).
    static func literal(_ source: String) -> SchemaPattern {
        do throws(SchemaPatternError) { return try SchemaPattern(source) } catch {
            return SchemaPattern(unsupported: source)
        }
    }
}

// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat
import Yams

/// Reads YAML parameters as papermill does (`yaml.load(text, Loader=NoDatesSafeLoader)`): PyYAML's
/// safe types with YAML 1.1 scalar typing and no timestamps (dates stay strings), merge keys
/// (`<<`), and an empty document meaning no parameters. Yams parses (libyaml, as PyYAML's C
/// reader); the typing is PyYAML's, done here on Yams' node tree.
///
/// Where PyYAML returns something papermill cannot store in a notebook (`!!binary`, `!!set`,
/// `!!timestamp`, `!!omap`, `!!pairs`), or something that is not a mapping at the top level,
/// Quire reports an error naming the source. Mapping keys that are not strings become the strings
/// `json.dumps` writes for them (`1`, `1.5`, `true`, `null`). Two equal keys in one mapping are an
/// error in Yams' parser, where PyYAML keeps the last.
public enum ParameterYAML {
    /// The parameters in a YAML document; `source` names where it came from in error messages
    /// (`-y`, `-b`, or the file of `-f`).
    public static func parameters(in text: String, source: String) throws(ExecutionError) -> JSONObject {
        let value = try document(in: text, source: source)
        switch value {
        case .object(let object): return object
        case .null: return JSONObject()
        default:
            throw ExecutionError(
                .invalidParameter,
                "\(source): the YAML is \(article(value.typeName)), not a mapping of parameter names to values"
            )
        }
    }

    /// A whole YAML document typed as papermill types parameters (an empty document is null),
    /// for grids of parameter sets.
    public static func document(in text: String, source: String) throws(ExecutionError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, resolver, .default)
        } catch let error as YamlError {
            throw ExecutionError(.invalidParameter, "\(source): invalid YAML: \(describe(error))")
        } catch {
            throw ExecutionError(.invalidParameter, "\(source): invalid YAML: \(error)")
        }
        guard let root else { return .null }
        return try Converter(source: source).value(root)
    }

    /// A resolver whose only rule tags every untagged scalar with `implicitTag`, so that the node
    /// tree keeps "no tag" apart from `!!str` even where Yams resolves tags (mapping keys).
    private static let resolver: Resolver = {
        // The pattern matches every string; `try!` cannot fail on this constant.
        Resolver.basic.appending(try! Resolver.Rule(implicitTag, "^"))
    }()
    fileprivate static let implicitTag = Tag.Name(rawValue: "tag:quire.invalid,2025:implicit")

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let around = context.map { "\($0.text) (line \($0.mark.line), column \($0.mark.column)): " } ?? ""
            return "\(around)\(problem) (line \(mark.line), column \(mark.column))"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return
                "the key \(keys) appears twice in one mapping (line \(context.mark.line), column \(context.mark.column))"
        case .reader(let problem, let offset, _, _):
            return "\(problem)" + (offset.map { " (character \($0 + 1))" } ?? "")
        default:
            return "\(error)"
        }
    }

    fileprivate static func article(_ typeName: String) -> String {
        (typeName.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + typeName
    }
}

/// Turns Yams nodes into JSON values with PyYAML's `SafeConstructor` semantics.
private struct Converter {
    let source: String

    func value(_ node: Node) throws(ExecutionError) -> JSONValue {
        switch node {
        case .scalar(let scalar): return try value(scalar)
        case .sequence(let sequence):
            try expectCollection(sequence.tag.rawValue, YAMLTag.sequence, node)
            var items: [JSONValue] = []
            for item in sequence { items.append(try value(item)) }
            return .array(items)
        case .mapping(let mapping):
            try expectCollection(mapping.tag.rawValue, YAMLTag.mapping, node)
            return .object(try object(mapping))
        case .alias:
            throw failure("an unresolved alias", node)
        }
    }

    // MARK: - Scalars

    private func value(_ scalar: Node.Scalar) throws(ExecutionError) -> JSONValue {
        let text = scalar.string
        let tag = scalar.tag.rawValue
        let node = Node.scalar(scalar)
        if tag == "!" || isImplicit(tag) {
            guard tag == "!" || scalar.style == .plain else { return .string(text) }
            switch YAMLScalars.implicitType(of: text) {
            case .null: return .null
            case .bool: return try construct(YAMLTag.bool, text, node)
            case .int: return try construct(YAMLTag.int, text, node)
            case .float: return try construct(YAMLTag.float, text, node)
            case .string: return .string(text)
            case .merge: throw failure("could not determine a constructor for the tag '\(YAMLTag.merge)'", node)
            case .value: throw failure("could not determine a constructor for the tag '\(YAMLTag.value)'", node)
            }
        }
        return try construct(tag, text, node)
    }

    private func construct(_ tag: String, _ text: String, _ node: Node) throws(ExecutionError) -> JSONValue {
        switch tag {
        case YAMLTag.string: return .string(text)
        case YAMLTag.null: return .null
        case YAMLTag.bool:
            guard let b = YAMLScalars.bool(text) else { throw failure("'\(text)' is not a YAML boolean", node) }
            return .bool(b)
        case YAMLTag.int:
            guard let n = YAMLScalars.int(text) else { throw failure("'\(text)' is not a YAML integer", node) }
            return .number(n)
        case YAMLTag.float:
            guard let d = YAMLScalars.float(text) else { throw failure("'\(text)' is not a YAML float", node) }
            return .number(.double(d))
        case YAMLTag.sequence, YAMLTag.mapping:
            let kind = tag == YAMLTag.sequence ? "sequence" : "mapping"
            throw failure("expected a \(kind) node, but found scalar", node)
        default:
            throw unsupportedTag(tag, node)
        }
    }

    // MARK: - Collections

    private func expectCollection(_ tag: String, _ expected: String, _ node: Node) throws(ExecutionError) {
        guard !isImplicit(tag), tag != "!", tag != expected else { return }
        if tag == YAMLTag.string || tag == YAMLTag.int || tag == YAMLTag.float || tag == YAMLTag.bool
            || tag == YAMLTag.null
        {
            throw failure(
                "expected a scalar node, but found \(expected == YAMLTag.sequence ? "sequence" : "mapping")",
                node
            )
        }
        if tag == YAMLTag.sequence || tag == YAMLTag.mapping {
            let (want, found) = tag == YAMLTag.sequence ? ("sequence", "mapping") : ("mapping", "sequence")
            throw failure("expected a \(want) node, but found \(found)", node)
        }
        throw unsupportedTag(tag, node)
    }

    /// PyYAML's `construct_mapping` after `flatten_mapping`: merged pairs first, then the
    /// mapping's own; a repeated key keeps its first position and its last value.
    private func object(_ mapping: Node.Mapping) throws(ExecutionError) -> JSONObject {
        var object = JSONObject()
        for (key, value) in try flattened(mapping) {
            object[try keyString(key)] = try self.value(value)
        }
        return object
    }

    private func flattened(_ mapping: Node.Mapping) throws(ExecutionError) -> [(Node, Node)] {
        var merged: [(Node, Node)] = []
        var own: [(Node, Node)] = []
        for (key, value) in mapping {
            guard isMergeKey(key) else {
                own.append((key, value))
                continue
            }
            switch value {
            case .mapping(let submapping):
                merged += try flattened(submapping)
            case .sequence(let sequence):
                var parts: [[(Node, Node)]] = []
                for item in sequence {
                    guard case .mapping(let submapping) = item else {
                        throw failure("expected a mapping for merging, but found \(kind(item))", item)
                    }
                    parts.append(try flattened(submapping))
                }
                for part in parts.reversed() { merged += part }
            default:
                throw failure("expected a mapping or list of mappings for merging, but found \(kind(value))", value)
            }
        }
        return merged + own
    }

    private func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key else { return false }
        let tag = scalar.tag.rawValue
        if tag == YAMLTag.merge { return true }
        return (tag == "!" || (isImplicit(tag) && scalar.style == .plain)) && scalar.string == "<<"
    }

    /// A mapping key as the string `json.dumps` writes for it; collections cannot be keys.
    private func keyString(_ key: Node) throws(ExecutionError) -> String {
        guard case .scalar(let scalar) = key else { throw failure("found unhashable key (a \(kind(key)))", key) }
        if case let tag = scalar.tag.rawValue, isImplicit(tag), scalar.style == .plain, scalar.string == "=" {
            return "="  // PyYAML's flatten_mapping turns the value key into a string
        }
        switch try value(key) {
        case .string(let s): return s
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return PythonNumberFormat.repr(n)
        case .array, .object: throw failure("found unhashable key", key)
        }
    }

    // MARK: - Helpers

    private func isImplicit(_ tag: String) -> Bool {
        tag.isEmpty || tag == ParameterYAML.implicitTag.rawValue
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }

    private func unsupportedTag(_ tag: String, _ node: Node) -> ExecutionError {
        if YAMLTag.unstorable.contains(tag) {
            let short = "!!" + tag.dropFirst(YAMLTag.prefix.count)
            return failure(
                "values tagged \(short) cannot be parameters (papermill cannot store them in a notebook either)",
                node
            )
        }
        return failure("could not determine a constructor for the tag '\(tag)'", node)
    }

    private func failure(_ problem: String, _ node: Node) -> ExecutionError {
        let place = node.mark.map { " (line \($0.line), column \($0.column))" } ?? ""
        return ExecutionError(.invalidParameter, "\(source): invalid YAML: \(problem)\(place)")
    }
}

/// The YAML 1.1 tags PyYAML's safe loader knows.
private enum YAMLTag {
    static let prefix = "tag:yaml.org,2002:"
    static let string = prefix + "str"
    static let null = prefix + "null"
    static let bool = prefix + "bool"
    static let int = prefix + "int"
    static let float = prefix + "float"
    static let sequence = prefix + "seq"
    static let mapping = prefix + "map"
    static let merge = prefix + "merge"
    static let value = prefix + "value"
    /// Tags PyYAML constructs into Python types that JSON (and so the notebook) cannot hold.
    static let unstorable: Set<String> = ["binary", "set", "timestamp", "omap", "pairs"].reduce(into: []) {
        $0.insert(prefix + $1)
    }
}

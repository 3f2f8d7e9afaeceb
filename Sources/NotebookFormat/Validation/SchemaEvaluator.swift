// SPDX-License-Identifier: Apache-2.0

/// A problem found by the schema validator, before any notebook-specific interpretation.
struct SchemaIssue: Sendable {
    /// Where in the document.
    var path: JSONPath
    /// The keyword that failed (`required`, `oneOf`, ...).
    var keyword: String
    /// The location of the subschema holding the keyword.
    var location: String
    /// What is wrong.
    var message: String
    /// For `oneOf`/`anyOf` failures, the value that matched no branch (to look into it further).
    var instance: JSONValue?
    /// For `oneOf`/`anyOf` failures, the branches by name (`raw_cell, markdown_cell, code_cell`).
    var alternatives: String?
}

extension CompiledSchema {
    /// Every problem with `value` against node `node` (the root by default), in the order a draft-04
    /// validator finds them: keyword by keyword in written order, properties in schema order.
    /// `path` is where `value` sits in its document.
    func validate(_ value: JSONValue, node: Int = 0, at path: JSONPath = JSONPath()) -> [SchemaIssue] {
        var evaluator = SchemaEvaluator(schema: self, collecting: true, path: path.components)
        _ = evaluator.evaluate(value, node)
        return evaluator.issues
    }

    /// True when `value` satisfies node `node`; stops at the first problem.
    func isValid(_ value: JSONValue, node: Int = 0) -> Bool {
        var evaluator = SchemaEvaluator(schema: self, collecting: false, path: [])
        return evaluator.evaluate(value, node)
    }
}

/// One walk over a value: in collecting mode it records every problem; otherwise it only answers
/// valid or not and returns at the first problem (used for `oneOf`, `anyOf` and `not` branches).
private struct SchemaEvaluator {
    let schema: CompiledSchema
    let collecting: Bool
    var path: [JSONPath.Component]
    var issues: [SchemaIssue] = []
    /// `$ref`s followed in a row without stepping into the value; more than there are nodes means
    /// the schema refers to itself in a loop.
    private var refChain = 0

    init(schema: CompiledSchema, collecting: Bool, path: [JSONPath.Component]) {
        self.schema = schema
        self.collecting = collecting
        self.path = path
    }

    mutating func evaluate(_ value: JSONValue, _ node: Int) -> Bool {
        return every(schema.nodes[node].keywords) { $0.check($1, value, node) }
    }

    // MARK: - Keywords

    private mutating func check(_ keyword: CompiledSchema.Keyword, _ value: JSONValue, _ node: Int) -> Bool {
        switch keyword {
        case .type(let types):
            if types.contains(where: { $0.admits(value) }) { return true }
            return fail(
                "type",
                node,
                "\(value.summary) is not of type \(types.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))"
            )
        case .properties(let members):
            guard case .object(let object) = value else { return true }
            return every(members) { evaluator, member in
                guard let memberValue = object[member.name] else { return true }
                return evaluator.descend(memberValue, member.node, .key(member.name))
            }
        case .patternProperties(let members):
            guard case .object(let object) = value else { return true }
            return every(members) { evaluator, member in
                evaluator.every(object.entries.lazy.filter { member.pattern.matches($0.key) }) { evaluator, entry in
                    evaluator.descend(entry.value, member.node, .key(entry.key))
                }
            }
        case .additionalProperties(let forbidden, let child, let known, let patterns):
            guard case .object(let object) = value else { return true }
            var extras: [(String, JSONValue)] = []
            for (key, member) in object.entries
            where !known.contains(where: { $0.utf8.elementsEqual(key.utf8) })
                && !patterns.contains(where: { $0.matches(key) })
            {
                if forbidden, !collecting { return false }
                extras.append((key, member))
            }
            if forbidden {
                if extras.isEmpty { return true }
                let names = extras.map { JSONValue.string($0.0).summary }.joined(separator: ", ")
                let noun = extras.count == 1 ? "property" : "properties"
                return fail("additionalProperties", node, "additional \(noun) not allowed: \(names)")
            }
            guard let child else { return true }
            return every(extras) { $0.descend($1.1, child, .key($1.0)) }
        case .required(let names):
            guard case .object(let object) = value else { return true }
            return every(names) { evaluator, name in
                object.contains(name)
                    || evaluator.fail("required", node, "\(JSONValue.string(name).summary) is a required property")
            }
        case .items(let child):
            guard case .array(let elements) = value else { return true }
            return every(elements.indices) { $0.descend(elements[$1], child, .index($1)) }
        case .oneOf(let branches):
            guard let first = branches.firstIndex(where: { isValid(value, $0) }) else {
                guard collecting else { return false }
                let names = labels(branches)
                return fail(
                    "oneOf",
                    node,
                    "\(value.summary) is not valid under any of \(names)",
                    instance: value,
                    names
                )
            }
            let alsoValid = branches[(first + 1)...].filter { isValid(value, $0) }
            if alsoValid.isEmpty { return true }
            guard collecting else { return false }
            let names = labels([branches[first]] + alsoValid)
            return fail(
                "oneOf",
                node,
                "\(value.summary) is valid under more than one of \(names)",
                instance: value,
                names
            )
        case .anyOf(let branches):
            if branches.contains(where: { isValid(value, $0) }) { return true }
            guard collecting else { return false }
            let names = labels(branches)
            return fail("anyOf", node, "\(value.summary) is not valid under any of \(names)", instance: value, names)
        case .allOf(let branches):
            return every(branches) { $0.evaluate(value, $1) }
        case .not(let child):
            guard isValid(value, child) else { return true }
            guard collecting else { return false }
            let excluded = schema.nodes[child]
            var message = "\(value.summary) must not be valid under the schema at \(excluded.location)"
            if excluded.keywords.count == 1, case .enumeration(let values) = excluded.keywords[0] {
                message = "\(value.summary) must not be one of \(JSONValue.list(values))"
            }
            return fail("not", node, message)
        case .enumeration(let values):
            if values.contains(where: { $0.schemaEquals(value) }) { return true }
            return fail("enum", node, "\(value.summary) is not one of \(JSONValue.list(values))")
        case .pattern(let pattern):
            guard case .string(let text) = value, !pattern.matches(text) else { return true }
            return fail(
                "pattern",
                node,
                "\(value.summary) does not match the pattern \(JSONValue.string(pattern.source).summary)"
            )
        case .minimum(let limit):
            guard case .number(let n) = value, let order = n.compare(to: limit), order < 0 else { return true }
            return fail(
                "minimum",
                node,
                "\(value.summary) is less than the minimum of \(JSONValue.number(limit).summary)"
            )
        case .maximum(let limit):
            guard case .number(let n) = value, let order = n.compare(to: limit), order > 0 else { return true }
            return fail(
                "maximum",
                node,
                "\(value.summary) is greater than the maximum of \(JSONValue.number(limit).summary)"
            )
        case .minLength(let limit):
            guard case .string(let text) = value, text.unicodeScalars.count < limit else { return true }
            let what = limit == 1 ? "is empty" : "is too short (at least \(limit) characters)"
            return fail("minLength", node, "\(value.summary) \(what)")
        case .maxLength(let limit):
            guard case .string(let text) = value, text.unicodeScalars.count > limit else { return true }
            return fail(
                "maxLength",
                node,
                "\(value.summary) is too long (\(text.unicodeScalars.count) characters, at most \(limit))"
            )
        case .uniqueItems:
            guard case .array(let elements) = value, let repeated = JSONValue.firstRepeated(in: elements) else {
                return true
            }
            return fail("uniqueItems", node, "\(value.summary) has non-unique elements (\(repeated.summary) repeats)")
        case .ref(let target):
            guard refChain < schema.nodes.count else {
                return fail("$ref", node, "the schema refers to itself in a loop at this value")
            }
            refChain += 1
            defer { refChain -= 1 }
            return evaluate(value, target)
        case .unresolvable(let target):
            return fail("$ref", node, "the schema reference \(target) cannot be resolved")
        }
    }

    // MARK: - Helpers

    /// True when `body` holds for every element; stops at the first failure unless collecting.
    private mutating func every<S: Sequence>(_ elements: S, _ body: (inout SchemaEvaluator, S.Element) -> Bool) -> Bool
    {
        var valid = true
        for element in elements where !body(&self, element) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    private mutating func descend(_ value: JSONValue, _ node: Int, _ step: JSONPath.Component) -> Bool {
        let chain = refChain
        refChain = 0
        defer { refChain = chain }
        guard collecting else { return evaluate(value, node) }
        path.append(step)
        defer { path.removeLast() }
        return evaluate(value, node)
    }

    private func isValid(_ value: JSONValue, _ node: Int) -> Bool {
        var branch = SchemaEvaluator(schema: schema, collecting: false, path: [])
        branch.refChain = refChain
        return branch.evaluate(value, node)
    }

    private func labels(_ nodes: [Int]) -> String {
        nodes.map { schema.label(of: $0) }.joined(separator: ", ")
    }

    /// Records a problem (in collecting mode) and answers false; the message is only built when recorded.
    private mutating func fail(
        _ keyword: String,
        _ node: Int,
        _ message: @autoclosure () -> String,
        instance: JSONValue? = nil,
        _ alternatives: String? = nil
    ) -> Bool {
        if collecting {
            issues.append(
                SchemaIssue(
                    path: JSONPath(path),
                    keyword: keyword,
                    location: schema.nodes[node].location,
                    message: message(),
                    instance: instance,
                    alternatives: alternatives
                )
            )
        }
        return false
    }
}

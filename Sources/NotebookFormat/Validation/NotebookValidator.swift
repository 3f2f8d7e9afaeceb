// SPDX-License-Identifier: Apache-2.0

/// Checks nbformat v4 notebooks against the nbformat JSON schema of their minor version, agreeing
/// with `nbformat.validate`:
/// - 4.0 to 4.5 use their own schema; a newer minor uses the 4.5 schema relaxed as nbformat relaxes
///   it (unknown keys, cell types and output types allowed);
/// - from 4.5 on, a cell without an `id` or with a repeated one is a warning, not an error, because
///   nbformat gives such cells a new random id before validating;
/// - when a cell or output matches none of the `oneOf` branches, the problems are reported against
///   the branch its `cell_type` or `output_type` names (`code cell: "outputs" is a required property`),
///   as nbformat's `better_validation_error` does, but all of them rather than the first.
///
///     let issues = try NotebookValidator().validate(try JSONParser.parse(bytes))
///     let valid = !issues.contains(where: \.isError)
public struct NotebookValidator: Sendable {
    /// A validator.
    public init() {}

    /// Every problem with a parsed notebook document, errors in the order nbformat finds them,
    /// after the warnings. Throws when the document is not an nbformat 4 notebook at all (not an
    /// object, no `nbformat`, another major version, or a minor version with no schema).
    public func validate(_ document: JSONValue) throws(NotebookFormatError) -> [ValidationIssue] {
        let minor = try NotebookValidator.schemaMinor(of: document)
        guard let schema = NotebookSchemas.compiledSchema(minor: minor) else {
            throw NotebookFormatError(.unsupportedVersion, "nbformat 4.\(minor) has no schema")
        }
        var normalized = document
        var warnings: [ValidationIssue] = []
        if minor >= 5 { warnings = NotebookValidator.normalizeCellIDs(&normalized) }
        let errors = schema.validate(normalized).flatMap { narrow($0, in: schema, label: nil, seen: []) }
        return warnings + errors
    }

    /// The schema used for nbformat 4.`minor` as JSON text (keywords in written order, without
    /// `description`s), for comparing with nbformat's schema files; nil for a negative minor.
    public static func schemaJSON(minor: Int) -> String? {
        NotebookSchemas.document(minor: minor).map { PythonJSONWriter(indent: 1, sortKeys: false).string($0.jsonValue) }
    }

    /// The minor version whose schema applies, as nbformat's `get_version` and `get_validator`
    /// choose it (a missing `nbformat_minor` counts as 0; one newer than 5 gets the relaxed 4.5 schema).
    static func schemaMinor(of document: JSONValue) throws(NotebookFormatError) -> Int {
        let object = try Notebook.checkVersion4(document)
        let future = NotebookSchemas.newestMinor + 1
        let minor: Int?
        switch object["nbformat_minor"] {
        case nil: minor = 0
        case .number(.int(let n))?: minor = n
        case .number(.bigInteger(let digits))?: minor = digits.hasPrefix("-") ? nil : future
        case .number(.double(let d))?:
            // nbformat looks the version up in a dict (5.0 finds 5) and treats anything above 5 as newer.
            if d == d.rounded(), d >= 0, d <= Double(future) {
                minor = Int(d)
            } else {
                minor = d > Double(NotebookSchemas.newestMinor) ? future : nil
            }
        case .bool(let b)?: minor = b ? 1 : 0
        default: minor = NotebookSchemas.newestMinor  // not a number: the schema reports its type
        }
        guard let minor, minor >= 0 else {
            let shown = object["nbformat_minor"]?.summary ?? "?"
            throw NotebookFormatError(.unsupportedVersion, "nbformat 4 minor version \(shown) has no schema")
        }
        return minor
    }

    // MARK: - Cell ids (nbformat's normalisation)

    /// Gives missing and repeated cell ids a valid stand-in, as nbformat's `validate` does before
    /// checking (with random ids), and returns a warning for each.
    static func normalizeCellIDs(_ document: inout JSONValue) -> [ValidationIssue] {
        guard case .object(var object) = document, case .array(var cells)? = object["cells"] else { return [] }
        var warnings: [ValidationIssue] = []
        var seenStrings: [[UInt8]: Int] = [:]
        var seenOthers: [(JSONValue, Int)] = []
        for index in cells.indices {
            guard case .object(var cell) = cells[index] else { continue }
            let at = JSONPath([.key("cells"), .index(index)])
            guard let id = cell["id"] else {
                warnings.append(
                    ValidationIssue(
                        severity: .warning,
                        path: at,
                        message: "cell has no \"id\" (required since nbformat 4.5); nbformat adds a random id "
                            + "before validating, so it accepts the notebook; `quire format` writes one"
                    )
                )
                cell["id"] = standInID
                cells[index] = .object(cell)
                continue
            }
            var first: Int?
            switch id {
            case .string(let s):
                let key = Array(s.utf8)
                first = seenStrings[key]
                if first == nil { seenStrings[key] = index }
            case .array, .object:
                continue  // nbformat cannot compare these (it fails); the schema reports the type
            default:
                // Python's `in` on a set: True == 1 == 1.0.
                let comparable: JSONValue = id.boolValue.map { .number(.int($0 ? 1 : 0)) } ?? id
                first = seenOthers.first { $0.0.schemaEquals(comparable) }?.1
                if first == nil { seenOthers.append((comparable, index)) }
            }
            guard let first else { continue }
            warnings.append(
                ValidationIssue(
                    severity: .warning,
                    path: at.appending(.key("id")),
                    message: "duplicate cell id \(id.summary) (also cells[\(first)]); nbformat replaces it with a "
                        + "random id before validating, so it accepts the notebook; `quire format` writes a new one"
                )
            )
            cell["id"] = standInID
            cells[index] = .object(cell)
        }
        object["cells"] = .array(cells)
        document = .object(object)
        return warnings
    }

    /// A valid id standing in for the random one nbformat would generate.
    private static let standInID: JSONValue = "quire-normalized-id"

    // MARK: - Narrowing oneOf failures

    /// Turns a schema problem into issues. A `oneOf`/`anyOf` failure on an object with a
    /// `cell_type` (or `output_type`) is re-checked against the definition that type names
    /// (`code_cell`, `stream`), and that check's problems are reported instead, labelled with it.
    private func narrow(_ issue: SchemaIssue, in schema: CompiledSchema, label: String?, seen: Set<String>)
        -> [ValidationIssue]
    {
        guard issue.keyword == "oneOf" || issue.keyword == "anyOf", case .object(let object)? = issue.instance else {
            return [plain(issue, label: label)]
        }
        let name: String
        let kind: String
        let newLabel: String
        if let type = object["cell_type"] {
            guard case .string(let s) = type else { return [plain(issue, label: label)] }
            (name, kind, newLabel) = (s + "_cell", "cell_type", s + " cell")
        } else if let type = object["output_type"] {
            guard case .string(let s) = type else { return [plain(issue, label: label)] }
            (name, kind, newLabel) = (s, "output_type", s + " output")
        } else {
            return [plain(issue, label: label)]
        }
        let key = "\(issue.path)#\(name)"
        guard case .node(let node) = schema.definition(named: name), !seen.contains(key) else {
            var unknown = plain(issue, label: label)
            let typeValue = object[kind]?.summary ?? ""
            if schema.definition(named: name) == .missing {
                let known = issue.alternatives.map { " (expected one of \($0))" } ?? ""
                unknown.message = (label.map { "\($0): " } ?? "") + "unknown \(kind) \(typeValue)\(known)"
            }
            return [unknown]
        }
        let problems = schema.validate(.object(object), node: node, at: issue.path)
        if problems.isEmpty { return [plain(issue, label: label)] }
        return problems.flatMap { narrow($0, in: schema, label: newLabel, seen: seen.union([key])) }
    }

    private func plain(_ issue: SchemaIssue, label: String?) -> ValidationIssue {
        ValidationIssue(
            severity: .error,
            path: issue.path,
            message: label.map { "\($0): " + issue.message } ?? issue.message,
            rule: issue.keyword,
            schemaLocation: issue.location
        )
    }
}

extension Notebook {
    /// The notebook's problems against the nbformat schema of its minor version (see `NotebookValidator`).
    public func validationIssues() throws(NotebookFormatError) -> [ValidationIssue] {
        try NotebookValidator().validate(.object(json))
    }
}

// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// The parameter sets of a grid run (`quire run NOTEBOOK --grid FILE`), from a YAML or JSON
/// document of one of two shapes:
///
/// - a list of mappings, one run each, in order:
///   `[{alpha: 0.1, name: a}, {alpha: 0.2, name: b}]`;
/// - a mapping of names to lists of values: every combination runs (the cartesian product, the
///   last name varying fastest); a value that is not a list is used in every run:
///   `{alpha: [0.1, 0.2], name: [a, b, c], seed: 7}` gives 6 runs.
///
/// To pass a list itself as a parameter value in the second shape, wrap it: `{xs: [[1, 2]]}`.
public enum GridPlan {
    /// The most runs one grid may expand to; a larger product is almost certainly a mistake.
    public static let maximumRuns = 100_000

    /// The parameter sets `document` describes, in run order.
    /// - Throws: `invalidParameter` naming `source` and what is wrong (not a list or mapping,
    ///   an entry that is not a mapping, an empty list, too many runs).
    public static func parameterSets(_ document: JSONValue, source: String) throws(ExecutionError) -> [JSONObject] {
        switch document {
        case .array(let entries):
            var sets: [JSONObject] = []
            for (index, entry) in entries.enumerated() {
                guard case .object(let set) = entry else {
                    throw ExecutionError(
                        .invalidParameter,
                        "grid entry \(index + 1) is a \(entry.typeName), not a mapping of parameter names to values",
                        path: source)
                }
                sets.append(set)
            }
            guard !sets.isEmpty else { throw ExecutionError(.invalidParameter, "the grid is an empty list", path: source) }
            return sets
        case .object(let axes):
            guard !axes.isEmpty else { throw ExecutionError(.invalidParameter, "the grid is an empty mapping", path: source) }
            var total = 1
            for name in axes.keys {
                let count = axes[name]?.arrayValue?.count ?? 1
                guard count > 0 else {
                    throw ExecutionError(.invalidParameter, "grid parameter '\(name)' has an empty list of values", path: source)
                }
                total *= count
                guard total <= maximumRuns else {
                    throw ExecutionError(
                        .invalidParameter, "the grid expands to more than \(maximumRuns) runs", path: source)
                }
            }
            var sets: [JSONObject] = [JSONObject()]
            for name in axes.keys {
                let values = axes[name]?.arrayValue ?? [axes[name] ?? .null]
                var next: [JSONObject] = []
                next.reserveCapacity(sets.count * values.count)
                for set in sets {
                    for value in values {
                        var extended = set
                        extended[name] = value
                        next.append(extended)
                    }
                }
                sets = next
            }
            return sets
        default:
            throw ExecutionError(
                .invalidParameter,
                "a grid is a list of parameter mappings or a mapping of names to lists of values, not a \(document.typeName)",
                path: source)
        }
    }
}

// SPDX-License-Identifier: Apache-2.0

import Execution
import NotebookFormat
import Testing

/// Parameter introspection against papermill 2.7.0's `PythonTranslator.inspect` and
/// `--help-notebook` (the expected values were printed by papermill for the same cells).
@Suite struct InspectionTests {
    static let source = """
        # comment
        alpha: float = 0.1  # learning rate
        name = 'world'  # type: str
        n: "int" = 3 # type: float   how many
        opts = {
            "a": 1,  # first
            "b": [1, 2]
        }  # the options
        x = "a#b"  # hash
        bad = a == b
        very_long_parameter_name_here = 12345
        t: List[int] = []
        u: np.ndarray = 1
        1x = 2
        w =
        """

    @Test func parsesLikePapermill() throws {
        let result = try #require(PythonTranslator().inspect(Self.source))
        let expected: [(String, String, String, String)] = [
            ("alpha", "float", "0.1", "learning rate"), ("name", "str", "'world'", ""), ("n", "int", "3", "how many"),
            ("opts", "None", #"{"a": 1,"b": [1, 2]}"#, "the options"), ("x", "None", "\"a", "b\"  # hash"),
            ("very_long_parameter_name_here", "None", "12345", ""), ("t", "List[int]", "[]", ""),
            ("1x", "None", "2", ""),
            ("w", "None", "", ""),
        ]
        #expect(
            result.parameters
                == expected.map {
                    NotebookParameter(name: $0.0, inferredTypeName: $0.1, defaultValue: $0.2, help: $0.3)
                }
        )
        #expect(result.warnings == ["Unable to parse line 10 'bad = a == b'."])
    }

    @Test func helpTextMatchesPapermillsLayout() throws {
        let notebook = Self.notebook(cells: [
            Self.cell(
                "alpha: float = 0.1  # learning rate\nname = 'world'  # type: str\nvery_long_parameter_name_here = 12345  # long one\nz = 1\n",
                tags: ["parameters"]
            )
        ])
        let inspection = try NotebookInspection(notebook)
        #expect(
            inspection.helpText(path: "help.ipynb") == """
                Parameters inferred for notebook 'help.ipynb':
                  alpha: float (default 0.1)      learning rate
                  name: str (default 'world')     \("")
                  very_long_parameter_name_here: Unknown type (default 12345)
                                                  long one
                  z: Unknown type (default 1)     \("")

                """
        )
        #expect(
            inspection.json["alpha"] == [
                "name": "alpha", "inferred_type_name": "float", "default": "0.1", "help": "learning rate",
            ]
        )
    }

    @Test func withoutParametersCell() throws {
        let inspection = try NotebookInspection(Self.notebook(cells: [Self.cell("a = 1", tags: [])]))
        #expect(!inspection.hasParametersCell)
        #expect(
            inspection.helpText(path: "x.ipynb")
                == "Parameters inferred for notebook 'x.ipynb':\n\n  No cell tagged 'parameters'\n"
        )
        #expect(inspection.json.isEmpty)
    }

    @Test func otherLanguagesHaveNoIntrospection() throws {
        var notebook = Self.notebook(cells: [Self.cell("a <- 1", tags: ["parameters"])])
        notebook.metadata = ["kernelspec": ["name": "ir", "language": "R"]]
        let inspection = try NotebookInspection(notebook)
        #expect(inspection.result.parameters.isEmpty)
        #expect(inspection.result.warnings == ["Translator for 'R' language does not support parameter introspection."])
        #expect(
            inspection.helpText(path: "r.ipynb").hasSuffix(
                "\n\n  Can't infer anything about this notebook's parameters. It may not have any parameter defined.\n"
            )
        )
    }

    @Test func kernelAndLanguageAreRequiredWithAParametersCell() {
        var notebook = Self.notebook(cells: [Self.cell("a = 1", tags: ["parameters"])])
        notebook.metadata = JSONObject()
        #expect(throws: ExecutionError(.noKernelName, "No kernel name found in notebook and no override provided.")) {
            try NotebookInspection(notebook)
        }
        #expect(throws: ExecutionError(.noLanguage, "No language found in notebook and no override provided.")) {
            try NotebookInspection(notebook, kernelName: "python3")
        }
        #expect(
            (try? NotebookInspection(notebook, kernelName: "python3", language: "python"))?.result.parameters.count == 1
        )
    }

    // MARK: - Fixtures

    static func notebook(cells: [Cell]) -> Notebook {
        var notebook = Notebook()
        notebook.metadata = ["kernelspec": ["name": "python3", "language": "python", "display_name": "Python 3"]]
        notebook.cells = cells
        return notebook
    }

    static func cell(_ source: String, tags: [String], type: String = "code", id: String? = nil) -> Cell {
        var cell = Cell(type: type, source: source, id: id ?? "cell")
        cell.metadata = ["tags": .array(tags.map { .string($0) })]
        return cell
    }
}

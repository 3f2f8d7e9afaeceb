// SPDX-License-Identifier: Apache-2.0

import Execution
import NotebookFormat
import Testing

/// Every translator against papermill 2.7.0's output for the same parameters (the expected cells
/// were produced by `papermill.translators.translate_parameters`, without black installed).
@Suite struct TranslatorTests {
    /// The parameters of the table: escapes, big and small numbers, non-finite floats, nesting.
    static let parameters: JSONObject = {
        var p = JSONObject()
        p["s"] = "Zürich\n\"q\" 'x' \\ \t\u{1}\u{7F}😀"
        p["i"] = -54321
        p["big"] = 1_099_511_627_776
        p["f"] = 1e-05
        p["g"] = 1e16
        p["h"] = .number(.double(0.1 + 0.2))
        p["nan"] = .number(.double(.nan))
        p["ninf"] = .number(.double(-.infinity))
        p["b"] = true
        p["n"] = .null
        p["l"] = [1, "a", [false]]
        p["d"] = ["k": ["x": 1.5], "_u": nil]
        p["_lead"] = 1
        return p
    }()

    /// The parameters each language gets: C# has no None, bash no dictionaries.
    static func parameters(for language: String) -> JSONObject {
        var p = parameters
        if language == ".net-csharp" {
            p["n"] = nil as JSONValue?
            p["d"] = nil as JSONValue?
            p["d"] = ["k": 1]
        } else if language == "bash" {
            p["d"] = nil as JSONValue?
        }
        return p
    }

    static let expected: [(String, [String])] = [
        (
            "python",
            [
                "# Parameters\n",
                "s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "i = -54321\n",
                "big = 1099511627776\n",
                "f = 1e-05\n",
                "g = 1e+16\n",
                "h = 0.30000000000000004\n",
                "nan = float('nan')\n",
                "ninf = float('-inf')\n",
                "b = True\n",
                "n = None\n",
                "l = [1, \"a\", [False]]\n",
                "d = {\"k\": {\"x\": 1.5}, \"_u\": None}\n",
                "_lead = 1\n",
            ]
        ),
        (
            "R",
            [
                "# Parameters\n",
                "s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "i = -54321\n",
                "big = 1099511627776\n",
                "f = 1e-05\n",
                "g = 1e+16\n",
                "h = 0.30000000000000004\n",
                "nan = nan\n",
                "ninf = -inf\n",
                "b = TRUE\n",
                "n = NULL\n",
                "l = list(1, \"a\", list(FALSE))\n",
                "d = list(\"k\" = list(\"x\" = 1.5), \"_u\" = NULL)\n",
                "lead = 1\n",
            ]
        ),
        (
            "scala",
            [
                "// Parameters\n",
                "val s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "val i = -54321\n",
                "val big = 1099511627776L\n",
                "val f = 1e-05\n",
                "val g = 1e+16\n",
                "val h = 0.30000000000000004\n",
                "val nan = nan\n",
                "val ninf = -inf\n",
                "val b = true\n",
                "val n = None\n",
                "val l = Seq(1, \"a\", Seq(false))\n",
                "val d = Map(\"k\" -> Map(\"x\" -> 1.5), \"_u\" -> None)\n",
                "val _lead = 1\n",
            ]
        ),
        (
            "julia",
            [
                "# Parameters\n",
                "s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "i = -54321\n",
                "big = 1099511627776\n",
                "f = 1e-05\n",
                "g = 1e+16\n",
                "h = 0.30000000000000004\n",
                "nan = nan\n",
                "ninf = -inf\n",
                "b = true\n",
                "n = nothing\n",
                "l = [1, \"a\", [false]]\n",
                "d = Dict(\"k\" => Dict(\"x\" => 1.5), \"_u\" => nothing)\n",
                "_lead = 1\n",
            ]
        ),
        (
            "matlab",
            [
                "% Parameters\n",
                "s = \"Z\\xfcrich\\n\"\"q\"\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\";\n",
                "i = -54321;\n",
                "big = 1099511627776;\n",
                "f = 1e-05;\n",
                "g = 1e+16;\n",
                "h = 0.30000000000000004;\n",
                "nan = nan;\n",
                "ninf = -inf;\n",
                "b = true;\n",
                "n = NaN;\n",
                "l = {1, \"a\", {false}};\n",
                "d = containers.Map({'k', '_u'}, {containers.Map({'x'}, {1.5}), NaN});\n",
                "_lead = 1;\n",
            ]
        ),
        (
            ".net-fsharp",
            [
                "(* Parameters *)\n",
                "let s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "let i = -54321\n",
                "let big = 1099511627776L\n",
                "let f = 1e-05\n",
                "let g = 1e+16\n",
                "let h = 0.30000000000000004\n",
                "let nan = nan\n",
                "let ninf = -inf\n",
                "let b = true\n",
                "let n = None\n",
                "let l = [ 1; \"a\"; [ false ] ]\n",
                "let d = [ (\"k\", [ (\"x\", 1.5 :> IComparable) ] |> Map.ofList :> IComparable); (\"_u\", None :> IComparable) ] |> Map.ofList\n",
                "let _lead = 1\n",
            ]
        ),
        (
            ".net-powershell",
            [
                "# Parameters\n",
                "$s = \"Z\\xfcrich\\n`\"q`\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\"\n",
                "$i = -54321\n",
                "$big = 1099511627776\n",
                "$f = 1e-05\n",
                "$g = 1e+16\n",
                "$h = 0.30000000000000004\n",
                "$nan = [double]::NaN\n",
                "$ninf = [double]::NegativeInfinity\n",
                "$b = $True\n",
                "$n = $Null\n",
                "$l = @(1, \"a\", @($False))\n",
                "$d = @{\"k\" = @{\"x\" = 1.5}\n",
                " \"_u\" = $Null}\n",
                "$_lead = 1\n",
            ]
        ),
        (
            ".net-csharp",
            [
                "// Parameters\n",
                "var s = \"Z\\xfcrich\\n\\\"q\\\" 'x' \\\\ \\t\\x01\\x7f\\U0001f600\";\n",
                "var i = -54321;\n",
                "var big = 1099511627776L;\n",
                "var f = 1e-05;\n",
                "var g = 1e+16;\n",
                "var h = 0.30000000000000004;\n",
                "var nan = nan;\n",
                "var ninf = -inf;\n",
                "var b = true;\n",
                "var l = new [] { 1, \"a\", new [] { false } };\n",
                "var _lead = 1;\n",
                "var d = new Dictionary<string,Object>{ { \"k\" , 1 } };\n",
            ]
        ),
        (
            "bash",
            [
                "# Parameters\n",
                "s='Z\u{fc}rich\n",
                "\"q\" '\"'\"'x'\"'\"' \\ \t\u{1}\u{7f}\u{1f600}'\n",
                "i=-54321\n",
                "big=1099511627776\n",
                "f=1e-05\n",
                "g=1e+16\n",
                "h=0.30000000000000004\n",
                "nan=nan\n",
                "ninf=-inf\n",
                "b=true\n",
                "n=\n",
                "l=(1 a (false))\n",
                "_lead=1\n",
            ]
        ),
    ]

    @Test(arguments: 0..<expected.count)
    func matchesPapermill(row: Int) throws {
        let (language, lines) = Self.expected[row]
        let translator = try ParameterTranslators.translator(kernelName: "unknown-kernel", language: language)
        #expect(try translator.codify(Self.parameters(for: language), comment: "Parameters") == lines.joined())
    }

    @Test func kernelNameWinsOverLanguage() throws {
        #expect(try ParameterTranslators.translator(kernelName: "sparkkernel", language: "python") is ScalaTranslator)
        #expect(try ParameterTranslators.translator(kernelName: "python3", language: "R") is RTranslator)
        #expect(try ParameterTranslators.translator(kernelName: "pysparkkernel", language: "x") is PythonTranslator)
        let message = "No parameter translator functions specified for kernel 'k' or language 'cobol'"
        #expect(throws: ExecutionError(.noTranslator, message)) {
            try ParameterTranslators.translator(kernelName: "k", language: "cobol")
        }
    }

    @Test func scalaLongSuffixAtTheInt32Boundary() throws {
        let scala = ScalaTranslator()
        #expect(scala.translateInteger(.int(2_147_483_647)) == "2147483647")
        #expect(scala.translateInteger(.int(2_147_483_648)) == "2147483648L")
        #expect(scala.translateInteger(.int(-2_147_483_648)) == "-2147483648")
        #expect(scala.translateInteger(.int(-2_147_483_649)) == "-2147483649L")
        #expect(scala.translateInteger(.bigInteger("123456789012345678901234")) == "123456789012345678901234L")
    }

    @Test func untranslatableValuesNameTheParameter() {
        #expect(
            throws: ExecutionError(
                .untranslatableParameter,
                "cannot pass the parameter 'opts': bash parameters cannot be dictionaries"
            )
        ) {
            try BashTranslator().codify(["opts": ["k": 1]], comment: "Parameters")
        }
        let csharp =
            "cannot pass the parameter 'x': C# parameters cannot be None (papermill: option type not implemented for C#)"
        #expect(throws: ExecutionError(.untranslatableParameter, csharp)) {
            try CSharpTranslator().codify(["x": [nil]], comment: "Parameters")
        }
    }

    @Test func shellQuoting() {
        let bash = BashTranslator()
        #expect(bash.translateString("") == "''")
        #expect(bash.translateString("a-b_c@d%e+f=g:h,i./j") == "a-b_c@d%e+f=g:h,i./j")
        #expect(bash.translateString("it's") == "'it'\"'\"'s'")
        #expect(bash.translateString("é") == "'é'")
    }
}

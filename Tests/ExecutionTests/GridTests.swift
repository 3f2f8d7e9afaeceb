// SPDX-License-Identifier: Apache-2.0

import Execution
import Kernels
import NotebookFormat
import Synchronization
import Testing

@Suite struct GridPlanTests {
    @Test func aMappingOfListsIsTheCartesianProductLastNameFastest() throws {
        let document: JSONValue = .object(
            JSONObject([("a", [1, 2]), ("b", ["x", "y", "z"]), ("seed", 7)]))
        let sets = try GridPlan.parameterSets(document, source: "grid.yaml")
        #expect(sets.count == 6)
        #expect(sets[0] == JSONObject([("a", 1), ("b", "x"), ("seed", 7)]))
        #expect(sets[1] == JSONObject([("a", 1), ("b", "y"), ("seed", 7)]))
        #expect(sets[5] == JSONObject([("a", 2), ("b", "z"), ("seed", 7)]))
    }

    @Test func aListOfMappingsRunsEachInOrder() throws {
        let document: JSONValue = [.object(JSONObject([("a", 1)])), .object(JSONObject([("a", 2), ("b", [1, 2])]))]
        let sets = try GridPlan.parameterSets(document, source: "g")
        #expect(sets.map { $0["a"] } == [1, 2])
        #expect(sets[1]["b"] == [1, 2])
    }

    @Test func badGridsNameTheProblem() {
        #expect(throws: ExecutionError.self) { try GridPlan.parameterSets("text", source: "g") }
        #expect(throws: ExecutionError.self) { try GridPlan.parameterSets([1], source: "g") }
        #expect(throws: ExecutionError.self) { try GridPlan.parameterSets(.object(JSONObject([("a", [])])), source: "g") }
        do {
            _ = try GridPlan.parameterSets([.object(JSONObject()), "x"], source: "grid.yaml")
            Issue.record("accepted a grid entry that is not a mapping")
        } catch {
            #expect(error.description == "grid.yaml: grid entry 2 is a string, not a mapping of parameter names to values")
        }
    }
}

@Suite(.tags(.realKernel))
struct GridRunnerTests {
    @Test func runsEveryJobInAFreshKernelTwoAtATime() async throws {
        let manager = try RunnerSupport.manager()
        let grid = GridRunner(
            manager: manager, kernelName: "python3", jobs: 2, options: KernelStartOptions(inMemoryHistory: true),
            configuration: RunConfiguration())
        let jobs = (0..<4).map { index in
            let notebook = RunnerSupport.notebook(["n = \(index)", "import os; print(n, os.getpid())", "x = globals().get('seen', 0); seen = 1; print(x)"])
            return GridJob(index: index, notebook: notebook, outputPath: RunnerSupport.scratch + "/grid-\(index).ipynb", parameters: JSONObject())
        }
        let finished = Mutex(0)
        let results = await grid.run(jobs) { _ in finished.withLock { $0 += 1 } }
        await manager.shutdownAll()
        #expect(finished.withLock { $0 } == 4)
        #expect(results.map(\.status) == ["completed", "completed", "completed", "completed"])
        var pids: Set<String> = []
        for index in 0..<4 {
            let written = try Notebook.read(contentsOf: RunnerSupport.scratch + "/grid-\(index).ipynb")
            let words = written.cells[1].streamText.split(separator: " ")
            #expect(words.first.map(String.init) == "\(index)")
            pids.insert(String(words.last ?? ""))
            #expect(written.cells[2].streamText == "0\n", "each run starts in a fresh kernel")
        }
        #expect(pids.count == 4)
    }
}

// SPDX-License-Identifier: Apache-2.0
//
// quire-kernel-bench: Quire's side of bench/bench_kernels.py. Prints one JSON object.
//
//   quire-kernel-bench start   --python P [--kernel python3] [--runs 20]
//   quire-kernel-bench execute --python P [--kernel python3] [--n 2000] [--warmup 50] [--kernels 1] [--code 1+1]
//   quire-kernel-bench echo-kernel -f CONNECTION_FILE     (a kernel that answers at once; see EchoKernel)
//
// `start` times KernelManager.startKernel (spawn to kernel_info_reply and IOPub live) per run;
// `execute` times kernel.execute(code) (execute_request to execute_reply and status idle) per
// request, on --kernels kernels at once from this one process.

import Kernels
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Arguments {
    var mode = ""
    var python = ".venv/bin/python"
    var kernel = "python3"
    var runs = 20
    var n = 2000
    var warmup = 50
    var kernels = 1
    var code = "1+1"

    init(_ arguments: [String]) throws {
        var rest = arguments.makeIterator()
        mode = rest.next() ?? ""
        while let flag = rest.next() {
            guard let value = rest.next() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--python": python = value
            case "--kernel": kernel = value
            case "--runs": runs = Int(value) ?? runs
            case "--n": n = Int(value) ?? n
            case "--warmup": warmup = Int(value) ?? warmup
            case "--kernels": kernels = Int(value) ?? kernels
            case "--code": code = value
            default: throw BenchError("unknown option \(flag)")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Milliseconds in a duration.
func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

func json(_ values: [Double]) -> JSONValue {
    .array(values.map { .number(.double($0)) })
}

func startBench(_ arguments: Arguments, manager: KernelManager) async throws -> JSONObject {
    var times: [Double] = []
    for _ in 0..<arguments.runs {
        let clock = ContinuousClock()
        let started = clock.now
        let kernel = try await manager.startKernel(named: arguments.kernel)
        times.append(milliseconds(clock.now - started))
        try await manager.shutdownKernel(id: kernel.id)
    }
    return JSONObject([("bench", .string("start")), ("start_ms", json(times))])
}

func executeBench(_ arguments: Arguments, manager: KernelManager) async throws -> JSONObject {
    let kernels = try await withThrowingTaskGroup(of: Kernel.self) { group in
        for _ in 0..<arguments.kernels { group.addTask { try await manager.startKernel(named: arguments.kernel) } }
        return try await group.reduce(into: [Kernel]()) { $0.append($1) }
    }
    let code = arguments.code
    for kernel in kernels {
        for _ in 0..<arguments.warmup { try await kernel.execute(code) }
    }
    let clock = ContinuousClock()
    let began = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for kernel in kernels {
            group.addTask {
                var latencies: [Double] = []
                latencies.reserveCapacity(arguments.n)
                for _ in 0..<arguments.n {
                    let start = clock.now
                    let result = try await kernel.execute(code)
                    latencies.append(milliseconds(clock.now - start))
                    guard result.status == .ok else { throw BenchError("execute failed: \(result.reply.json)") }
                }
                return latencies
            }
        }
        return try await group.reduce(into: [Double]()) { $0 += $1 }
    }
    let wall = milliseconds(clock.now - began)
    return JSONObject([
        ("bench", .string("execute")), ("kernels", .number(.int(arguments.kernels))),
        ("latency_ms", json(latencies)), ("wall_ms", .number(.double(wall))),
    ])
}

if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "echo-kernel" {
    try await EchoKernel.serve(connectionFile: CommandLine.arguments[3])
    exit(0)
}
let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
let python = try PythonEnvironment.probe(arguments.python)
let manager = KernelManager(configuration: .init(python: python))
let result: JSONObject
switch arguments.mode {
case "start": result = try await startBench(arguments, manager: manager)
case "execute": result = try await executeBench(arguments, manager: manager)
default: throw BenchError("usage: quire-kernel-bench start|execute [options]")
}
await manager.shutdownAll()
print(PythonJSONWriter(indent: nil, sortKeys: false).string(.object(result)))

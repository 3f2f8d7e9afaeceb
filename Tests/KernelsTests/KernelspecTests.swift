// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat
import Testing

struct KernelspecTests {
    private func parse(_ json: JSONValue) throws(KernelsError) -> Kernelspec {
        try Kernelspec(name: "k", resourceDirectory: "/r/k", json: json.objectValue ?? JSONObject())
    }

    @Test func missingFieldsTakeJupyterClientsDefaults() throws {
        let spec = try parse([:])
        #expect(spec.argv.isEmpty && spec.displayName.isEmpty && spec.language.isEmpty)
        #expect(spec.interruptMode == .signal && spec.env.isEmpty && spec.metadata.isEmpty && spec.kernelProtocolVersion.isEmpty)
        #expect(spec.provisionerName == "local-provisioner")
    }

    @Test func fieldsAreRead() throws {
        let spec = try parse([
            "argv": ["python", "-f", "{connection_file}"], "display_name": "Py", "language": "python", "interrupt_mode": "MESSAGE",
            "env": ["A": "1"], "metadata": ["debugger": true, "kernel_provisioner": ["provisioner_name": "docker"]],
            "kernel_protocol_version": "5.5", "unknown": 1,
        ])
        #expect(spec.argv == ["python", "-f", "{connection_file}"] && spec.displayName == "Py" && spec.language == "python")
        #expect(spec.interruptMode == .message && spec.env["A"] == "1" && spec.kernelProtocolVersion == "5.5")
        #expect(spec.provisionerName == "docker")
        #expect(spec.specJSON.keys == ["argv", "env", "display_name", "language", "interrupt_mode", "metadata", "kernel_protocol_version"])
        #expect(spec.specJSON["interrupt_mode"] == "message")
    }

    @Test(arguments: [
        (["argv": "python"], "'argv' must be an array of strings"),
        (["argv": [1]], "'argv' must be an array of strings"),
        (["display_name": 5], "'display_name' must be a string, not integer"),
        (["env": nil], "'env' must be an object, not null"),
        (["metadata": []], "'metadata' must be an object, not array"),
        (["interrupt_mode": "never"], "'interrupt_mode' must be 'signal' or 'message', not 'never'"),
        (["kernel_protocol_version": 5.3], "'kernel_protocol_version' must be a string, not number"),
        (["resource_dir": "/x"], "'resource_dir' cannot be set in kernel.json"),
    ] as [(JSONValue, String)])
    func malformedFieldsAreClearErrors(json: JSONValue, message: String) {
        do {
            _ = try parse(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .invalidKernelspec)
            #expect(error.description == "/r/k/kernel.json: " + message)
        }
    }
}

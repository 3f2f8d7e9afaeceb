// SPDX-License-Identifier: Apache-2.0

import Execution
import Testing

@Suite struct ExecutionErrorTests {
    @Test func descriptionNamesTheFile() {
        let error = ExecutionError(.io, "cannot write", path: "out.ipynb")
        #expect(error.description == "out.ipynb: cannot write")
        #expect(ExecutionError.Code.io ~= error)
        #expect(!(ExecutionError.Code.cellFailed ~= error))
    }
}

// SPDX-License-Identifier: Apache-2.0

import Kernels
import Testing

struct ChannelTests {
    @Test func rawValuesMatchJupyterNames() {
        #expect(Channel.allCases.map(\.rawValue) == ["shell", "control", "stdin", "iopub", "hb"])
    }
}

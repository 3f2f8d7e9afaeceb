// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

extension Quire {
    /// The entry point: ArgumentParser's, after `StripFileList` has moved the files of a long
    /// `quire strip` command line out of the way of its O(n²) handling of repeated arguments, and
    /// `ParameterPairArguments` has made `quire run`'s `-p NAME VALUE` pairs parseable.
    /// Async, because `quire console` is an async command (the root must then be async too).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        await main(ParameterPairArguments.rewrite(StripFileList.rewrite(arguments)))
    }
}

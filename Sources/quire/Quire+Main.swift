// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

extension Quire {
    /// The entry point: ArgumentParser's, after `LongFileList` has moved the files of a long
    /// command line out of the way of its O(n²) handling of repeated arguments, and
    /// `RunParameterArguments` has made `quire run`'s parameter options (`-p NAME VALUE`) parseable.
    /// Async, because `quire console` is an async command (the root must then be async too).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        await main(RunParameterArguments.rewrite(LongFileList.rewrite(arguments, commands: configuration.subcommands)))
    }
}

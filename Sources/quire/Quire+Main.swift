// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

extension Quire {
    /// The entry point: ArgumentParser's, after `LongFileList` has moved the files of a long
    /// command line out of the way of its O(n²) handling of repeated arguments.
    /// Async, because `quire console` is an async command (the root must then be async too).
    static func main() async {
        await main(LongFileList.rewrite(Array(CommandLine.arguments.dropFirst()), commands: configuration.subcommands))
    }
}

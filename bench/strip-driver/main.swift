// SPDX-License-Identifier: Apache-2.0

// The work `quire strip` does on each file (read, strip, check, serialise), on one thread and
// without writing anything, for counting instructions with callgrind (bench/strip_callgrind.sh):
// valgrind cannot run the quire binary itself. Compiled together with Sources/NotebookFormat.
//   usage: strip-driver FILE...   prints how many files would change and a hash of the bytes

#if canImport(Glibc)
import Glibc
#endif

let options = StripOptions()
var changed = 0
var hash: UInt64 = 0xcbf2_9ce4_8422_2325
for path in CommandLine.arguments.dropFirst() {
    do throws(NotebookFormatError) {
        let original = try FileIO.readBytes(path)
        var notebook = try Notebook.readForStripping(from: original)
        guard try notebook.strip(options) else { continue }
        try notebook.checkWritableByNbformat()
        let bytes = notebook.strippedFileBytes(options)
        if bytes != original { changed += 1 }
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    } catch {
        print("\(path): \(error)")
    }
}
print("\(changed) of \(CommandLine.arguments.count - 1) files would change; bytes hash \(hash)")

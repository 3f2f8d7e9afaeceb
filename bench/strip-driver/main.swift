// SPDX-License-Identifier: Apache-2.0

// The work `quire strip` does on each file (read, strip, check, serialise), on one thread and
// without writing anything, for counting instructions with callgrind (bench/strip_callgrind.sh):
// valgrind cannot run the quire binary itself. Compiled together with Sources/NotebookFormat.
// Like `quire strip` with default options, it edits the text of a notebook in nbformat's form
// (`Notebook.strippedCanonicalBytes`) and parses any other; `--general` parses every notebook.
//   usage: strip-driver [--general] FILE...   prints how many files would change and a hash of the bytes

#if canImport(Glibc)
import Glibc
#endif

let options = StripOptions()
let rules = CanonicalStripRules(options)!
var paths = Array(CommandLine.arguments.dropFirst())
let general = paths.first == "--general"
if general { paths.removeFirst() }
var changed = 0
var edited = 0
var hash: UInt64 = 0xcbf2_9ce4_8422_2325
for path in paths {
    do throws(NotebookFormatError) {
        let original = try FileIO.readBytes(path)
        let bytes: [UInt8]
        if !general, let (text, didChange) = Notebook.strippedCanonicalBytes(original, rules) {
            edited += 1
            guard didChange else { continue }
            bytes = text
        } else {
            var notebook = try Notebook.readForStripping(from: original)
            guard try notebook.strip(options) else { continue }
            try notebook.checkWritableByNbformat()
            bytes = notebook.strippedFileBytes(options)
        }
        if bytes != original { changed += 1 }
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    } catch {
        print("\(path): \(error)")
    }
}
print("\(changed) of \(paths.count) files would change (\(edited) stripped by editing their text); bytes hash \(hash)")

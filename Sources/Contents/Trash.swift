// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moving an entry to the desktop trash (the freedesktop.org Trash specification, what
/// Send2Trash does for jupyter_server's `delete_to_trash`): into the home trash
/// (`$XDG_DATA_HOME/Trash`, else `~/.local/share/Trash`) when it is on the same file system,
/// else into `<mount point>/.Trash-<uid>`, with an `info/<name>.trashinfo` file saying where it
/// came from, so a desktop's trash can restore it.
struct Trash {
    /// `XDG_DATA_HOME`, if set.
    var dataHome: String?
    /// `HOME`.
    var home: String?

    /// The trash named by an environment's `XDG_DATA_HOME` and `HOME`.
    init(environment: [String: String]) {
        dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        home = environment["HOME"]
    }

    /// A failure to trash (the caller falls back to deleting, as jupyter_server does).
    struct Failure: Error { var reason: String }

    /// Moves the entry at the absolute path `os` into a trash on its own file system.
    func move(_ os: String) throws(Failure) {
        var st = stat()
        guard lstat(os, &st) == 0 else { throw Failure(reason: "cannot stat \(os)") }
        let homeTrash = (dataHome ?? (home.map { $0 + "/.local/share" } ?? "/nonexistent")) + "/Trash"
        var top: String?
        let trash: String
        if Self.makeTree(homeTrash), sameDevice(homeTrash, st.st_dev) {
            trash = homeTrash
        } else {
            let mount = Self.mountPoint(of: os, device: st.st_dev)
            trash = (mount == "/" ? "" : mount) + "/.Trash-\(getuid())"
            top = mount
        }
        guard Self.makeTree(trash + "/files"), Self.makeTree(trash + "/info") else {
            throw Failure(reason: "cannot create the trash directory \(trash)")
        }
        let name = os.split(separator: "/").last.map(String.init) ?? "entry"
        var recorded = os
        if let top, os.hasPrefix(top + "/") { recorded = String(os.dropFirst(top.count + 1)) }
        for attempt in 0..<1000 {
            let candidate = attempt == 0 ? name : Self.numbered(name, attempt)
            let info = trash + "/info/" + candidate + ".trashinfo"
            let fd = open(info, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw Failure(reason: "cannot write \(info)")
            }
            let text = "[Trash Info]\nPath=\(Self.percentEncode(recorded))\nDeletionDate=\(Self.deletionDate())\n"
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count, rename(os, trash + "/files/" + candidate) == 0 else {
                unlink(info)
                throw Failure(reason: "cannot move \(os) to \(trash)")
            }
            return
        }
        throw Failure(reason: "no free name in \(trash)")
    }

    private func sameDevice(_ path: String, _ device: dev_t) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_dev == device
    }

    /// The highest ancestor of `os` on the same device (its mount point).
    static func mountPoint(of os: String, device: dev_t) -> String {
        var current = os
        while let slash = current.lastIndex(of: "/") {
            let parent = slash == current.startIndex ? "/" : String(current[..<slash])
            var st = stat()
            guard stat(parent, &st) == 0, st.st_dev == device else { return current }
            if parent == "/" { return "/" }
            current = parent
        }
        return current
    }

    /// `mkdir -p` with the trash's private mode; true when the directory exists afterwards.
    static func makeTree(_ path: String) -> Bool {
        var built = ""
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST { return false }
        }
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `name 1.ext`, as Send2Trash numbers clashing names.
    static func numbered(_ name: String, _ n: Int) -> String {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return String(name[..<dot]) + " \(n)" + String(name[dot...])
        }
        return name + " \(n)"
    }

    /// Local time as `YYYY-MM-DDThh:mm:ss`.
    static func deletionDate() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// Percent-encodes all but unreserved characters and `/`.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

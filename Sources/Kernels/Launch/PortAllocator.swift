// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Picks free TCP ports for kernels and remembers which ones this process has handed out.
///
/// Jupyter kernels bind the ports named in their connection file, so the client must choose
/// them first. jupyter_client binds port 0 five times, closes the sockets and writes the ports;
/// two kernels started at the same moment can then be given the same port. Here every port
/// handed out stays reserved until ``release(_:)`` (a kernel's ports are kept across restarts
/// and released at its shutdown), and a port already reserved is never handed out again, so
/// kernels started by one Quire process never collide. A port taken by another process in the
/// moment between choosing it and the kernel binding it makes that kernel exit with "Address
/// already in use"; the provisioner then starts it again on new ports.
public final class PortAllocator: Sendable {
    /// The allocator shared by the kernels of this process.
    public static let shared = PortAllocator()

    private let reserved = Mutex(Set<Int>())

    /// An allocator with nothing reserved.
    public init() {}

    /// Reserves `count` distinct free ports on `host` (an IPv4 or IPv6 address).
    /// - Throws: `launchFailed` when the address cannot be bound.
    public func reserve(_ count: Int, host: String) throws(KernelsError) -> [Int] {
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts <= count + 64 else {
                throw KernelsError(.launchFailed, "no free TCP port found on \(host) after \(attempts - 1) attempts")
            }
            // Sockets stay open until all ports are chosen, so the system gives distinct ones.
            let (fd, port) = try Self.bindEphemeral(host: host)
            sockets.append(fd)
            let fresh = reserved.withLock { reserved in reserved.insert(port).inserted }
            if fresh { ports.append(port) }
        }
        return ports
    }

    /// Returns ports to the pool.
    public func release(_ ports: [Int]) {
        reserved.withLock { reserved in
            for port in ports { reserved.remove(port) }
        }
    }

    /// Whether `port` is currently reserved.
    public func isReserved(_ port: Int) -> Bool {
        reserved.withLock { $0.contains(port) }
    }

    /// Binds a TCP socket to `host` port 0 and returns it with the port chosen.
    private static func bindEphemeral(host: String) throws(KernelsError) -> (Int32, Int) {
        let isIPv6 = host.contains(":")
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw KernelsError(.launchFailed, "cannot create a socket: \(String(cString: strerror(errno)))")
        }
        var storage = sockaddr_storage()
        var length: socklen_t
        let parsed: Bool
        if isIPv6 {
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            parsed = withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                return inet_pton(AF_INET6, host, &address.pointee.sin6_addr) == 1
            }
        } else {
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            parsed = withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: sockaddr_in.self)
                address.pointee.sin_family = sa_family_t(AF_INET)
                return inet_pton(AF_INET, host, &address.pointee.sin_addr) == 1
            }
        }
        guard parsed else {
            close(fd)
            throw KernelsError(.launchFailed, "'\(host)' is not an IP address (the kernel's 'ip' must be one)")
        }
        let bound = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw KernelsError(.launchFailed, "cannot bind a TCP port on \(host): \(message)")
        }
        let named = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw KernelsError(.launchFailed, "cannot read the bound port on \(host)")
        }
        let port = withUnsafeBytes(of: &storage) { raw -> UInt16 in
            isIPv6 ? raw.load(as: sockaddr_in6.self).sin6_port : raw.load(as: sockaddr_in.self).sin_port
        }
        return (fd, Int(UInt16(bigEndian: port)))
    }
}

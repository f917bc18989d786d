#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Thin, checked wrappers over the POSIX calls the server makes.
enum Socket {
    /// A socket error with the call that failed and `errno`.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
    }

    /// Non-blocking listening sockets on `port` for every address `host` resolves to: one for an IP
    /// literal (IPv6 ones without brackets), 127.0.0.1 and ::1 for `localhost`. With port 0 the
    /// first socket picks the port and the others take the same. An address the machine does not
    /// have (::1 in a container without IPv6) is skipped while another one binds; any other failure
    /// (the port in use, say) fails the whole call.
    static func listen(host: String, port: Int, backlog: Int) throws -> [Int32] {
        guard (0...65535).contains(port) else { throw Failure(call: "port \(port)", code: EINVAL) }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &info)
        guard status == 0, let first = info else {
            throw Failure(call: "getaddrinfo(\(host)): \(String(cString: gai_strerror(status)))", code: EINVAL)
        }
        defer { freeaddrinfo(info) }
        var sockets: [Int32] = []
        var bound: [[UInt8]] = []
        var chosenPort = port
        var skipped: Failure?
        do {
            var candidate: UnsafeMutablePointer<addrinfo>? = first
            while let entry = candidate {
                candidate = entry.pointee.ai_next
                var address = Array(UnsafeRawBufferPointer(start: entry.pointee.ai_addr, count: Int(entry.pointee.ai_addrlen)))
                setPort(chosenPort, in: &address, family: entry.pointee.ai_family)
                guard !bound.contains(address) else { continue }  // resolvers list some addresses twice
                do {
                    let fd = try listen(family: entry.pointee.ai_family, address: address, description: "\(host):\(chosenPort)", backlog: backlog)
                    sockets.append(fd)
                    bound.append(address)
                    if chosenPort == 0 { chosenPort = try boundPort(fd) }
                } catch let failure as Failure where [EADDRNOTAVAIL, EAFNOSUPPORT].contains(failure.code) {
                    skipped = failure
                }
            }
        } catch {
            for fd in sockets { close(fd) }
            throw error
        }
        guard !sockets.isEmpty else { throw skipped ?? Failure(call: "bind(\(host):\(port))", code: EADDRNOTAVAIL) }
        return sockets
    }

    private static func listen(family: Int32, address: [UInt8], description: String, backlog: Int) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            let result = address.withUnsafeBytes { bytes in
                bind(fd, bytes.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
            }
            guard result == 0 else { throw Failure(call: "bind(\(description))", code: errno) }
            guard Glibc.listen(fd, Int32(clamping: max(1, backlog))) == 0 else { throw Failure(call: "listen", code: errno) }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Writes `port` into a socket address of `family` (IPv4 or IPv6).
    private static func setPort(_ port: Int, in address: inout [UInt8], family: Int32) {
        let network = UInt16(port).bigEndian
        address.withUnsafeMutableBytes { bytes in
            let offset = family == AF_INET6
                ? MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_port) ?? 2
                : MemoryLayout<sockaddr_in>.offset(of: \sockaddr_in.sin_port) ?? 2
            bytes.storeBytes(of: network, toByteOffset: offset, as: UInt16.self)
        }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw Failure(call: "setsockopt(\(name))", code: errno)
        }
    }

    /// The port the socket is bound to.
    static func boundPort(_ fd: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw Failure(call: "getsockname", code: errno) }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
    }

    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        /// Out of descriptors (EMFILE/ENFILE): the listener must shed, not stop.
        case outOfDescriptors
        /// A per-connection failure (ECONNABORTED, EPROTO, …): skip it and carry on.
        case transient
        /// The listener was shut down (the server is stopping).
        case listenerClosed
    }

    /// Accepts one connection and makes it non-blocking and close-on-exec, with `TCP_NODELAY`.
    static func accept(_ listener: Int32) -> AcceptResult {
        while true {
            // accept4 is not exported by the Glibc module; accepted sockets don't inherit flags.
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return .accepted(fd)
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfDescriptors
            case EINVAL, EBADF, ENOTSOCK: return .listenerClosed
            default: return .transient
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Console {
    /// The real process, through the C library alone: files with `open`/`read`/`rename`,
    /// streams with `write`, and the only environment variables tissue reads (`NO_COLOR`, `TERM`,
    /// which matter only on a terminal) with `getenv`.
    public static var live: Console {
        let terminal = isatty(2) == 1
        return Console(readFile: { path, maximum in try PosixFile.read(path, maximumBytes: maximum) },
                       readStandardInput: { maximum in try PosixFile.read(descriptor: 0, maximumBytes: maximum) },
                       writeFile: { path, text in try PosixFile.write(text, to: path) },
                       standardOutput: { PosixFile.write($0, descriptor: 1) },
                       standardError: { PosixFile.write($0, descriptor: 2) },
                       errorIsTerminal: terminal,
                       environment: terminal ? PosixFile.environment(["NO_COLOR", "TERM"]) : [:],
                       readBytes: { path, maximum in try PosixFile.map(path, maximumBytes: maximum) })
    }
}

/// File and stream I/O on POSIX calls, with every failure a ``FileProblem``.
enum PosixFile {
    static func read(_ path: String, maximumBytes: Int) throws(FileProblem) -> String {
        let (descriptor, _) = try openRegularFile(path, maximumBytes: maximumBytes)
        defer { close(descriptor) }
        return try read(descriptor: descriptor, maximumBytes: maximumBytes)
    }

    /// Opens a regular file for reading, refusing one of more than `maximumBytes`; the caller
    /// closes the descriptor.
    static func openRegularFile(_ path: String, maximumBytes: Int) throws(FileProblem) -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileProblem(errno: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let problem = FileProblem(errno: errno)
            close(descriptor)
            throw problem
        }
        let size = Int(status.st_size)
        guard (status.st_mode & S_IFMT) == S_IFREG else { close(descriptor); throw .notAFile }
        guard size <= maximumBytes else { close(descriptor); throw .tooLarge(bytes: size, limit: maximumBytes) }
        return (descriptor, size)
    }

    /// Reads to the end of a descriptor, in chunks, refusing more than `maximumBytes`.
    static func read(descriptor: Int32, maximumBytes: Int) throws(FileProblem) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileProblem(errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumBytes else { throw .tooLarge(bytes: bytes.count, limit: maximumBytes) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return text
    }

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`: the old file
    /// stays whole until the new one is complete, and a failure removes the temporary file.
    static func write(_ text: String, to path: String) throws(FileProblem) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((folder + "." + name + ".tissue-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileProblem(errno: errno) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: FileProblem?
        if !writeAll(Array(text.utf8), descriptor: descriptor) || fsync(descriptor) != 0 { failure = FileProblem(errno: errno) }
        // mkstemp makes the file 0600; give it the usual permissions of a new file.
        if failure == nil, fchmod(descriptor, 0o644) != 0 { failure = FileProblem(errno: errno) }
        if close(descriptor) != 0, failure == nil { failure = FileProblem(errno: errno) }
        if failure == nil, rename(temporary, path) != 0 { failure = FileProblem(errno: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    static func write(_ text: String, descriptor: Int32) {
        _ = writeAll(Array(text.utf8), descriptor: descriptor)
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The values of the given variables that are set.
    static func environment(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}

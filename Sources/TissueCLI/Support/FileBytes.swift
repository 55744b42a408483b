#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, for binary formats (ONNX): mapped into memory by the live console, so a model
/// whose weights take 100 MB costs only the pages its parser touches; an array in tests.
public final class FileBytes: @unchecked Sendable {
    private enum Storage {
        case array([UInt8])
        case mapped(UnsafeRawPointer, Int)
    }

    private let storage: Storage

    public init(_ bytes: [UInt8]) {
        storage = .array(bytes)
    }

    /// Takes ownership of a region made by `mmap`, unmapped when this object goes.
    init(mapped pointer: UnsafeRawPointer, count: Int) {
        storage = .mapped(pointer, count)
    }

    public var count: Int {
        switch storage {
        case .array(let bytes): bytes.count
        case .mapped(_, let count): count
        }
    }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        switch storage {
        case .array(let bytes):
            let result: Result<R, E> = bytes.withUnsafeBytes { buffer in
                do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
            }
            return try result.get()
        case .mapped(let pointer, let count):
            return try body(UnsafeRawBufferPointer(start: pointer, count: count))
        }
    }

    deinit {
        if case .mapped(let pointer, let count) = storage {
            munmap(UnsafeMutableRawPointer(mutating: pointer), count)
        }
    }
}

extension PosixFile {
    /// Maps a regular file read-only, refusing one of more than `maximumBytes`.
    static func map(_ path: String, maximumBytes: Int) throws(FileProblem) -> FileBytes {
        let (descriptor, size) = try openRegularFile(path, maximumBytes: maximumBytes)
        defer { close(descriptor) }
        guard size > 0 else { return FileBytes([]) }
        guard let region = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), region != MAP_FAILED else {
            throw FileProblem(errno: errno)
        }
        return FileBytes(mapped: UnsafeRawPointer(region), count: size)
    }
}

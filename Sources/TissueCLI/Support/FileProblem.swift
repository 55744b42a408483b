#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written: the one place where I/O failures are classified
/// and worded.
public enum FileProblem: Error, Sendable, Equatable {
    case noSuchFile
    case notAFile
    case permissionDenied
    case notUTF8
    case tooLarge(bytes: Int, limit: Int)
    case diskFull
    /// Any other failure of the C library, by its `errno`.
    case system(Int32)

    public init(errno code: Int32) {
        switch code {
        case ENOENT, ENOTDIR: self = .noSuchFile
        case EISDIR: self = .notAFile
        case EACCES, EPERM, EROFS: self = .permissionDenied
        case ENOSPC, EDQUOT: self = .diskFull
        default: self = .system(code)
        }
    }

    enum Access { case read, write }

    /// `no such file`, `its folder does not exist`, `permission denied`, … .
    static func reason(_ error: Error, _ access: Access) -> String {
        guard let problem = error as? FileProblem else {
            return access == .read ? "it cannot be read" : "it cannot be written"
        }
        switch (problem, access) {
        case (.noSuchFile, .read): return "no such file"
        case (.noSuchFile, .write): return "its directory does not exist"
        case (.notAFile, .read): return "it is not a readable file"
        case (.notAFile, .write): return "it is a folder"
        case (.permissionDenied, _): return "permission denied"
        case (.notUTF8, _): return "the file is not UTF-8 text"
        case (.tooLarge(let bytes, let limit), _):
            return "it is \(bytes) bytes or more, beyond the limit of \(limit) bytes; raise it with '--max-input'"
        case (.diskFull, _): return "the disk is full"
        case (.system(let code), .read): return "it cannot be read (\(String(cString: strerror(code))))"
        case (.system(let code), .write): return "it cannot be written (\(String(cString: strerror(code))))"
        }
    }
}

import Foundation

/// Why a file could not be read or written, in words for the user: the one place where I/O
/// errors (the live console's own, or Foundation's) are classified.
enum FileProblem: Error, Sendable {
    case notUTF8

    enum Access { case read, write }

    /// `no such file`, `its directory does not exist`, `permission denied`, … .
    static func reason(_ error: Error, _ access: Access) -> String {
        if case .notUTF8? = error as? FileProblem { return "the file is not UTF-8 text" }
        let code = (error as? CocoaError)?.code
        let text = "\(error)"
        let missing = code == .fileNoSuchFile || code == .fileReadNoSuchFile || text.contains("No such file")
        switch access {
        case .read:
            if missing { return "no such file" }
            if code == .fileReadNoPermission { return "permission denied" }
            if text.contains("directory") || code == .fileReadUnknown { return "it is not a readable file" }
            return "it cannot be read"
        case .write:
            if missing { return "its directory does not exist" }
            if code == .fileWriteNoPermission { return "permission denied" }
            if code == .fileWriteOutOfSpace { return "the disk is full" }
            return "it cannot be written"
        }
    }
}

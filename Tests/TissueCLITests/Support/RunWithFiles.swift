import Foundation
import TissueCLI

/// Runs `tissue` in-process like ``Run`` and also keeps what it writes to files (charts), by
/// path, instead of touching the disk.
struct RunWithFiles {
    var status: Int32
    var output: String
    var error: String
    var files: [String: String]

    /// `failWrites` makes every file write fail, as a missing directory would.
    init(_ arguments: String..., stdin: String = "", failWrites: Bool = false) {
        let out = Recorder(), err = Recorder(), written = FileRecorder()
        let console = Console.recording(stdin: stdin, out: out, err: err, writeFile: { path, text in
            if failWrites { throw FileProblem.noSuchFile }
            written.write(path, text)
        })
        status = TissueCommandLine.run(arguments, console: console)
        output = out.text
        error = err.text
        files = written.files
    }
}

final class FileRecorder: @unchecked Sendable {
    private var stored: [String: String] = [:]
    private let lock = NSLock()

    func write(_ path: String, _ text: String) {
        lock.lock()
        stored[path] = text
        lock.unlock()
    }

    var files: [String: String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

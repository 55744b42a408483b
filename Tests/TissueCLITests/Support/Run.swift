import Foundation
import TissueCLI

/// Runs `tissue` in-process with a recording console.
struct Run {
    var status: Int32
    var output: String
    var error: String

    init(_ arguments: String..., stdin: String = "", environment: [String: String] = [:], terminal: Bool = false) {
        self.init(arguments, stdin: stdin, environment: environment, terminal: terminal)
    }

    init(_ arguments: [String], stdin: String = "", environment: [String: String] = [:], terminal: Bool = false) {
        let out = Recorder(), err = Recorder()
        let console = Console.recording(stdin: stdin, environment: environment, terminal: terminal, out: out, err: err,
                                        writeFile: { _, _ in })
        status = TissueCommandLine.run(arguments, console: console)
        output = out.text
        error = err.text
    }
}

extension Console {
    /// A console over the repository's files (relative paths from its root), with standard input
    /// given and standard output and error recorded. Reads honour the byte limit as the live
    /// console does.
    static func recording(stdin: String, environment: [String: String] = [:], terminal: Bool = false, out: Recorder,
                          err: Recorder, writeFile: @escaping @Sendable (String, String) throws -> Void) -> Console {
        let root = Golden.root
        return Console(
            readFile: { path, limit in
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: url.path) else { throw FileProblem.noSuchFile }
                let text = try String(contentsOf: url, encoding: .utf8)
                guard text.utf8.count <= limit else { throw FileProblem.tooLarge(bytes: text.utf8.count, limit: limit) }
                return text
            },
            readStandardInput: { limit in
                guard stdin.utf8.count <= limit else { throw FileProblem.tooLarge(bytes: stdin.utf8.count, limit: limit) }
                return stdin
            },
            writeFile: writeFile,
            standardOutput: { out.append($0) },
            standardError: { err.append($0) },
            errorIsTerminal: terminal,
            environment: environment,
            readBytes: { path, limit in
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: url.path) else { throw FileProblem.noSuchFile }
                guard data.count <= limit else { throw FileProblem.tooLarge(bytes: data.count, limit: limit) }
                return FileBytes([UInt8](data))
            }
        )
    }
}

/// Collects written text; a lock keeps it safe to share with the console's closures.
final class Recorder: @unchecked Sendable {
    private var parts: [String] = []
    private let lock = NSLock()

    func append(_ text: String) {
        lock.lock()
        parts.append(text)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return parts.joined()
    }
}

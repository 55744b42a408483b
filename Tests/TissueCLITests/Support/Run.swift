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
        let root = Golden.root
        let console = Console(
            readFile: { path in
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
                return try String(contentsOf: url, encoding: .utf8)
            },
            readStandardInput: { stdin },
            writeFile: { _, _ in },
            standardOutput: { out.append($0) },
            standardError: { err.append($0) },
            errorIsTerminal: terminal,
            environment: environment
        )
        status = TissueCommandLine.run(arguments, console: console)
        output = out.text
        error = err.text
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

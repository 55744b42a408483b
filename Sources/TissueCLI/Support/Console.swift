#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Everything a command touches outside itself: files, standard streams, the environment.
/// Tests pass a ``Console`` that records output instead of writing it.
public struct Console: Sendable {
    public var readFile: @Sendable (String) throws -> String
    public var readStandardInput: @Sendable () -> String
    public var writeFile: @Sendable (String, String) throws -> Void
    public var standardOutput: @Sendable (String) -> Void
    public var standardError: @Sendable (String) -> Void
    /// Whether standard error is a terminal (for color).
    public var errorIsTerminal: Bool
    public var environment: [String: String]

    public init(readFile: @escaping @Sendable (String) throws -> String,
                readStandardInput: @escaping @Sendable () -> String,
                writeFile: @escaping @Sendable (String, String) throws -> Void,
                standardOutput: @escaping @Sendable (String) -> Void,
                standardError: @escaping @Sendable (String) -> Void,
                errorIsTerminal: Bool, environment: [String: String]) {
        self.readFile = readFile
        self.readStandardInput = readStandardInput
        self.writeFile = writeFile
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.errorIsTerminal = errorIsTerminal
        self.environment = environment
    }

    /// The real process: files via Foundation, streams via the C library.
    public static var live: Console {
        Console(
            readFile: { path in
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard let text = String(data: data, encoding: .utf8) else { throw FileProblem.notUTF8 }
                return text
            },
            readStandardInput: {
                String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            },
            writeFile: { path, text in
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            },
            standardOutput: { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            },
            standardError: { text in
                FileHandle.standardError.write(Data(text.utf8))
            },
            errorIsTerminal: isatty(2) == 1,
            environment: ProcessInfo.processInfo.environment
        )
    }

    /// Color only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    public var usesColor: Bool {
        errorIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

/// Everything a command touches outside itself: files, standard streams, the environment.
/// Tests pass a ``Console`` that records output instead of writing it.
public struct Console: Sendable {
    /// Reads a file as UTF-8 text, refusing one of more than the given number of bytes before
    /// reading it; throws a ``FileProblem``.
    public var readFile: @Sendable (_ path: String, _ maximumBytes: Int) throws -> String
    /// Reads a binary file (an ONNX model), refusing one of more than the given number of bytes;
    /// throws a ``FileProblem``. The live console maps it rather than reading it.
    public var readBytes: @Sendable (_ path: String, _ maximumBytes: Int) throws -> FileBytes
    /// Reads standard input to its end, refusing more than the given number of bytes.
    public var readStandardInput: @Sendable (_ maximumBytes: Int) throws -> String
    /// Writes a file so that a failure leaves the previous file intact (the live console writes
    /// a temporary file in the same folder and renames it); throws a ``FileProblem``.
    public var writeFile: @Sendable (_ path: String, _ text: String) throws -> Void
    public var standardOutput: @Sendable (String) -> Void
    public var standardError: @Sendable (String) -> Void
    /// Whether standard error is a terminal (for color and progress).
    public var errorIsTerminal: Bool
    public var environment: [String: String]

    public init(readFile: @escaping @Sendable (String, Int) throws -> String,
                readStandardInput: @escaping @Sendable (Int) throws -> String,
                writeFile: @escaping @Sendable (String, String) throws -> Void,
                standardOutput: @escaping @Sendable (String) -> Void,
                standardError: @escaping @Sendable (String) -> Void,
                errorIsTerminal: Bool, environment: [String: String],
                readBytes: @escaping @Sendable (String, Int) throws -> FileBytes = { _, _ in throw FileProblem.notAFile }) {
        self.readFile = readFile
        self.readBytes = readBytes
        self.readStandardInput = readStandardInput
        self.writeFile = writeFile
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.errorIsTerminal = errorIsTerminal
        self.environment = environment
    }

    /// Color only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    public var usesColor: Bool {
        errorIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

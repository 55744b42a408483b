import TissueDiagnostics
import TissueIR

/// The `.arch` front end: source text to a ``Network``, or a located ``Diagnostic``.
public enum ArchReader {
    /// Parses and expands `.arch` source text. `defaultName` names a model without a `model` line.
    public static func read(_ source: String, defaultName: String = "model",
                            limits: ExpansionLimits = .init()) throws(Diagnostic) -> Network {
        try Expander.expand(try parse(source, limits: limits), defaultName: defaultName, limits: limits)
    }

    /// The syntax tree of `source`, after checking its size against the limit.
    public static func parse(_ source: String, limits: ExpansionLimits = .init()) throws(Diagnostic) -> SourceFile {
        let bytes = source.utf8.count
        guard bytes <= limits.inputBytes else {
            throw Diagnostic(.inputTooLarge(bytes: bytes, limit: limits.inputBytes), at: nil)
        }
        return try Parser.parse(source, maximumStatements: limits.statements)
    }

    /// Why a file cannot be read at another input size.
    public enum Resizing: Error, Sendable {
        /// The file declares no C×H×W input (`dimensions` is what it declares, if anything).
        case notAnImage(declared: [Int]?)
        /// The file does not read at the new size.
        case diagnostic(Diagnostic)
    }

    /// Reads `source` as ``read(_:defaultName:limits:)`` does, with its declared input's height
    /// and width replaced: every shape is inferred, and every expression evaluated, at the new
    /// size. An error is located as usual, with a note at the `input` statement.
    public static func read(_ source: String, defaultName: String = "model", height: Int, width: Int,
                            limits: ExpansionLimits = .init()) throws(Resizing) -> Network {
        try read(source, defaultName: defaultName, input: [height, width], limits: limits)
    }

    /// Reads `source` with another input (see ``SourceFile/withInput(_:)``: `[C, H, W]`, `[H, W]`
    /// or `[N]`), inferring every shape again; an error gets a note at the `input` statement.
    public static func read(_ source: String, defaultName: String = "model", input dimensions: [Int],
                            limits: ExpansionLimits = .init()) throws(Resizing) -> Network {
        let file: SourceFile
        do { file = try parse(source, limits: limits) } catch { throw .diagnostic(error) }
        guard let resized = file.withInput(dimensions) else {
            throw .notAnImage(declared: file.input?.dimensions)
        }
        do {
            return try Expander.expand(resized, defaultName: defaultName, limits: limits)
        } catch {
            var diagnostic = error
            if let input = resized.input {
                let shape = input.dimensions.map(String.init).joined(separator: "x")
                diagnostic.notes.append(.init(message: "the input is \(shape) here, resized by '--input'", location: input.location))
            }
            throw .diagnostic(diagnostic)
        }
    }
}

import TissueDiagnostics
import TissueIR
import TissueReports

/// Why a command stopped. Each maps to an exit status: usage and input errors are 2.
public enum CommandError: Error, Sendable {
    /// A command line that cannot be bound.
    case usage(UsageError)
    /// A malformed model file: rendered with its source excerpt.
    case input(Diagnostic, fileName: String, source: String)
    /// A file that cannot be read or written.
    case file(path: String, reason: String)
    /// An output file (a chart) that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A network that `.arch` cannot describe (the printer's reason).
    case cannotExpress(String)
    /// An ONNX file that cannot be read: `at byte N (ModelProto.graph > …): …` or `at node …`.
    case onnx(fileName: String, message: String)
    /// Totals that are lower bounds (operators counted as zero) where exact counts are needed.
    case uncounted(fileName: String, operators: [(name: String, count: Int)])

    public var exitStatus: Int32 { 2 }

    public func rendered() -> String {
        switch self {
        case .usage(let error):
            "tissue: error: \(error.message)\n"
        case .input(let diagnostic, let fileName, let source):
            DiagnosticRenderer(fileName: fileName, source: source).render(diagnostic)
        case .file(let path, let reason):
            "tissue: error: cannot read '\(path)': \(reason)\n"
        case .cannotWrite(let path, let reason):
            "tissue: error: cannot write '\(path)': \(reason)\n"
        case .cannotExpress(let reason):
            "tissue: error: \(reason)\n"
        case .onnx(let fileName, let message):
            "\(fileName): error: \(message)\n"
        case .uncounted(let fileName, let operators):
            "\(fileName): error: \(Self.lowerBounds(operators))\n"
        }
    }

    static func lowerBounds(_ operators: [(name: String, count: Int)]) -> String {
        "the totals are lower bounds, since tissue does not model "
            + operators.map { "'\($0.name)' (\($0.count)×)" }.joined(separator: ", ")
            + ", which count as zero; a budget needs exact counts"
    }

    /// The error as a report entry's problem: its sentence, file and position.
    func problem(_ kind: BudgetReport.Problem.Kind) -> BudgetReport.Problem {
        switch self {
        case .usage(let error):
            BudgetReport.Problem(kind, message: error.message, file: "tissue")
        case .input(let diagnostic, let fileName, _):
            BudgetReport.Problem(kind, message: diagnostic.message, file: fileName, line: diagnostic.location?.line,
                                 column: diagnostic.location?.column)
        case .file(let path, let reason):
            BudgetReport.Problem(kind, message: "cannot read '\(path)': \(reason)", file: path)
        case .cannotWrite(let path, let reason):
            BudgetReport.Problem(kind, message: "cannot write '\(path)': \(reason)", file: path)
        case .cannotExpress(let reason):
            BudgetReport.Problem(kind, message: reason, file: "tissue")
        case .onnx(let fileName, let message):
            BudgetReport.Problem(kind, message: message, file: fileName)
        case .uncounted(let fileName, let operators):
            BudgetReport.Problem(kind, message: Self.lowerBounds(operators), file: fileName)
        }
    }
}

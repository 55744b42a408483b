import TissueDiagnostics
import TissueIR

/// The `.arch` front end: source text to a ``Network``, or a located ``Diagnostic``.
public enum ArchReader {
    /// Parses and expands `.arch` source text. `defaultName` names a model without a `model` line.
    public static func read(_ source: String, defaultName: String = "model",
                            limits: ExpansionLimits = .init()) throws(Diagnostic) -> Network {
        try Expander.expand(try Parser.parse(source), defaultName: defaultName, limits: limits)
    }
}

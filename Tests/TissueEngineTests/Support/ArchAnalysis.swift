import TissueArch
import TissueDiagnostics
import TissueIR

/// Reads `.arch` text and analyses it, with every failure as the located diagnostic the command
/// line would show (graph errors mapped as the `.arch` front end maps them).
func analyzeArch(_ source: String, defaultName: String = "model", convention: Convention = .standard,
                 limits: ExpansionLimits = .init()) throws(Diagnostic) -> Analysis {
    let network = try ArchReader.read(source, defaultName: defaultName, limits: limits)
    do { return try Analysis(network, convention: convention) } catch { throw Diagnostic(error) }
}

import TissueDiagnostics
import TissueIR

extension ArchReader {
    /// The unit `name` defined in `source` as a template (`tissue stack --unit FILE:NAME`): a
    /// plain sequence of layers whose settings are integers, parameters and arithmetic on them,
    /// taking (c1, c2, c3[, stride]): input, hidden and output widths, then the stride if any. The
    /// file needs no `input` line; it may hold a whole network, whose other statements are ignored.
    public static func unitTemplate(named name: String, in source: String,
                                    limits: ExpansionLimits = .init()) throws(Diagnostic) -> UnitTemplate {
        let file = try parse(source, limits: limits)
        guard let definition = file.definition(named: name) else {
            let units = file.definitions.filter { $0.kind == .unit }.map(\.name)
            throw Diagnostic(.unitNotDefined(name, suggestion: Suggestion.closest(to: name, among: units)), at: nil)
        }
        switch definition.kind {
        case .block: throw Diagnostic(.stackNeedsUnit(name), at: definition.location)
        case .unit: break
        }
        guard definition.parameters.count >= 3 else {
            throw Diagnostic(.unitNeedsWidths(name, parameters: definition.parameters.count), at: definition.location)
        }
        guard let template = Expander.makeTemplate(definition, expander: Expander(file: file, limits: limits)) else {
            throw Diagnostic(.unitNotATemplate(name), at: definition.location)
        }
        return template
    }
}

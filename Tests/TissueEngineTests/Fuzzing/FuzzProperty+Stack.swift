import TissueArch
import TissueDiagnostics
import TissueIR
import TissueReports
import TissueTransforms

extension FuzzProperty {
    /// Options of `tissue stack` and `tissue sweep` as a harness reads them: one value per line, in
    /// a fixed order, an empty or missing line meaning the option's default. The first line names
    /// the base network (``FuzzContext/baseNames``), or is `inline`: then the lines after the
    /// options are the base's `.arch` text.
    struct OptionLines {
        var base: String
        var source: String
        var values: [String]

        init?(_ text: String, count: Int, context: FuzzContext) {
            var lines = FuzzProperty.lines(text)
            guard !lines.isEmpty else { return nil }
            let name = lines.removeFirst()
            values = Array(lines.prefix(count))
            values += Array(repeating: "", count: count - values.count)
            if name == "inline" {
                base = "inline"
                source = lines.dropFirst(count).joined(separator: "\n")
            } else {
                guard let known = context.bases[name] else { return nil }
                base = name
                source = known
            }
        }

        subscript(_ index: Int) -> String? { values[index].isEmpty ? nil : values[index] }
    }

    /// A positive integer as `stack` binds `--hidden` and `--piece`; nil where it refuses the value.
    static func positive(_ text: String) -> Int? {
        guard let value = Int(text), value >= 1 else { return nil }
        return value
    }

    /// Reads a base network; nil when it is rejected (with a well-formed diagnostic).
    static func base(_ options: OptionLines, harness: String) throws(FuzzFailure) -> Network? {
        stage("read the base \(options.base)")
        do { return try ArchReader.read(options.source, defaultName: "base", limits: limits) } catch {
            try checkDiagnostic(error, source: options.source, harness: harness, stage: "read base")
            return nil
        }
    }

    /// `stack`: a base network and the options `--hidden`, `--piece`, `--replace`, `--residual`,
    /// `--convention` (lines 2–6, see ``OptionLines``) → ``StackTransform`` → printed with the
    /// CLI's header → read back → the same layers, shapes and totals under every convention; and
    /// ``DesignSpace/evaluate(_:)`` of the same choices equals the analysis of the transform's result.
    public static func stack(_ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        guard let text = text(bytes), let options = OptionLines(text, count: 5, context: context),
              let hidden = options[0].flatMap(positive) else { return }
        guard let piece = options[1].map(positive) ?? 2 else { return }
        let replaceText = options[2] ?? "all"
        let replace: StackTransform.Replace = switch replaceText {
        case "all": .all
        case "inner": .inner
        default: .paths(replaceText.split(separator: ",").map { String($0) })
        }
        guard let scope = options[3].map(StackTransform.ResidualScope.init(rawValue:)) ?? .body,
              let convention = options[4].map(Convention.init(rawValue:)) ?? .standard else { return }
        guard let base = try base(options, harness: "stack") else { return }
        stage("stack transform")
        let transform = StackTransform(hidden: hidden, piece: piece, replace: replace, residualScope: scope)
        let result: (network: Network, replaced: [StackTransform.Candidate])
        do { result = try transform.apply(to: base) } catch {
            try checkDiagnostic(error, source: options.source, harness: "stack", stage: "transform")
            return
        }
        // The header `tissue stack` writes, with the user's option values in it.
        let header = ["Stacked (TissueNet) version of \(base.name), written by",
                      "  tissue stack \(options.base) --hidden \(hidden) --piece \(piece) --replace \(replaceText)"
                        + (scope == .body ? "" : " --residual \(scope.rawValue)"),
                      "Stacked: " + result.replaced.map(\.path.description).joined(separator: ", ")]
        try roundTrip(result.network, header: header, harness: "stack", what: "the stacked network")

        // The comparison `stack` prints, and the design space's fast totals.
        let stacked: Analysis, baseline: Analysis
        do {
            stacked = try Analysis(result.network, convention: convention)
            baseline = try Analysis(base, convention: convention)
        } catch {
            return  // an overflow: `stack` reports it as an input error
        }
        stage("stacked comparison and design space")
        _ = StackedComparisonReport(baseline: baseline, stacked: stacked).text()
        var space: DesignSpace
        do { space = try DesignSpace(base, convention: convention, residualScope: scope) } catch {
            throw FuzzFailure("stack", "the design space reads what the transform reads", "\(error.message)")
        }
        var choices: [(candidate: Int, piece: Int, hidden: Int)] = []
        for candidate in result.replaced {
            guard let index = space.candidates.firstIndex(where: { $0.nodes == candidate.nodes }) else {
                throw FuzzFailure("stack", "the design space has the transform's candidates", "\(candidate.path) is missing")
            }
            choices.append((index, piece, hidden))
        }
        let fast: Cost?
        do { fast = try space.evaluate(choices) } catch {
            throw FuzzFailure("stack", "DesignSpace.evaluate equals the transform's analysis",
                              "evaluate failed (\(error.message)); the stacked network counts \(stacked.totals)")
        }
        guard fast == stacked.totals else {
            throw FuzzFailure("stack", "DesignSpace.evaluate equals the transform's analysis",
                              "evaluate gives \(fast.map { "\($0)" } ?? "nil (widths do not divide)"), the stacked network "
                              + "counts \(stacked.totals) (\(convention), C1=\(piece), C2=\(hidden), \(scope))")
        }
    }
}

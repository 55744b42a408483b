import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueReports
import TissueTransforms

extension FuzzProperty {
    /// Designs a sweep may evaluate in one harness run. `sweep --per-stage` evaluates
    /// (|C1|·|C2| + 1)^stages designs with no bound of its own; inputs beyond this are skipped.
    static let sweepDesignBound = 5_000

    /// `sweep`: a base network (line 1, see ``OptionLines``) and the options `--hidden`, `--piece`,
    /// `--replace`, `--residual`, `--per-stage` (`yes`), `--convention`, `--budget` (comma-separated)
    /// on lines 2–8 → ``DesignSpace`` → ``Sweep`` → ``SweepReport`` in every format and its chart.
    /// Every design is counted (evaluated or skipped as invalid), and two designs (the first on
    /// the Pareto front, and one the input picks), written out by ``StackTransform`` and printed,
    /// read back to the sweep's totals.
    public static func sweep(_ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        guard let text = text(bytes), let options = OptionLines(text, count: 7, context: context) else { return }
        guard let hiddens = sweepList(options[0] ?? "1..8"), let pieces = sweepList(options[1] ?? "2") else { return }
        var modes: [StackTransform.Replace] = []
        for word in (options[2] ?? "all,inner").split(separator: ",") {
            switch word {
            case "all": modes.append(.all)
            case "inner": modes.append(.inner)
            default: return
            }
        }
        guard let scope = options[3].map(StackTransform.ResidualScope.init(rawValue:)) ?? .body,
              let convention = options[5].map(Convention.init(rawValue:)) ?? .standard else { return }
        let perStage = options[4] == "yes"
        var budgets: [(metric: BudgetMetric, limit: Int)] = []
        for item in (options[6] ?? "").split(separator: ",") {
            guard let budget = sweepBudget(String(item)) else { return }
            budgets.append(budget)
        }
        guard let base = try base(options, harness: "sweep") else { return }
        stage("design space")
        var space: DesignSpace
        do { space = try DesignSpace(base, convention: convention, residualScope: scope) } catch {
            try checkDiagnostic(error, source: options.source, harness: "sweep", stage: "design space")
            return
        }
        guard !space.candidates.isEmpty else { return }
        // How many designs the sweep will make; skip inputs that would make too many.
        let settings = hiddens.count * pieces.count
        var designs = 0
        if perStage {
            designs = 1
            for _ in space.stages {
                let (product, overflow) = designs.multipliedReportingOverflow(by: settings + 1)
                guard !overflow, product <= sweepDesignBound else { return }
                designs = product
            }
        } else {
            designs = modes.count * settings
            guard designs <= sweepDesignBound else { return }
        }
        stage("sweep of \(designs) designs")
        let sweep: Sweep
        do {
            sweep = perStage ? try Sweep(perStage: &space, hiddens: hiddens, pieces: pieces, modes: modes)
                             : try Sweep(&space, hiddens: hiddens, pieces: pieces, modes: modes)
        } catch {
            try checkDiagnostic(error, source: options.source, harness: "sweep", stage: "sweep")
            return
        }
        if perStage, sweep.points.count + sweep.invalid != designs {
            throw FuzzFailure("sweep", "every design is counted",
                              "\(sweep.points.count) designs and \(sweep.invalid) invalid, expected \(designs) in all")
        }
        stage("sweep report")
        let report = SweepReport(model: base.name, convention: convention, sweep: sweep, budgets: budgets, listAll: false)
        _ = report.text() + report.summary + report.json().rendered() + report.chart().svg()
        _ = CSVTableRenderer.render(report.table(exact: true)) + MarkdownTableRenderer.render(report.table(exact: false))

        // Two designs written out the slow way: the first on the Pareto front, and one the input picks.
        let hash = bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
        var checked: Set<Int> = []
        if let first = sweep.front.first { checked.insert(first) }
        if !sweep.points.isEmpty { checked.insert(hash % sweep.points.count) }
        for index in checked.sorted() {
            try checkDesign(sweep.points[index], base: base, space: space, scope: scope, convention: convention)
        }
    }

    /// One design of a sweep against the transform: replace the same candidates with the same
    /// (C1, C2), print, read back, analyse.
    static func checkDesign(_ point: Sweep.Point, base: Network, space: DesignSpace,
                            scope: StackTransform.ResidualScope, convention: Convention) throws(FuzzFailure) {
        var choices: [(candidate: StackTransform.Candidate, piece: Int, hidden: Int)] = []
        if let mode = point.mode {
            guard let setting = point.stages.compactMap({ $0 }).first else { return }
            let chosen: [StackTransform.Candidate]
            do { chosen = try StackTransform(hidden: setting.hidden, replace: mode).chosen(from: space.candidates) } catch {
                throw FuzzFailure("sweep", "a design's mode chooses candidates", error.message)
            }
            choices = chosen.map { ($0, setting.piece, setting.hidden) }
        } else {
            for (stage, setting) in zip(space.stages, point.stages) {
                guard let setting else { continue }
                choices += stage.map { (space.candidates[$0], setting.piece, setting.hidden) }
            }
        }
        stage("write out a design")
        let label = choices.map { "\($0.candidate.path):\($0.piece)/\($0.hidden)" }.joined(separator: " ")
        guard !choices.isEmpty else {
            guard point.cost == space.baseline else {
                throw FuzzFailure("sweep", "a design that keeps everything is the baseline", "\(point.cost) vs \(space.baseline)")
            }
            return
        }
        let stacked: Network
        do { stacked = try StackTransform.apply(to: base, residualScope: scope, choices: choices) } catch {
            throw FuzzFailure("sweep", "every design the sweep lists can be written", "\(label): \(error.message)")
        }
        // (The `stack` harness checks the whole round trip; here only the totals.)
        let printed: String
        do { printed = try ArchPrinter().print(stacked) } catch {
            throw FuzzFailure("sweep", "every design the sweep lists can be written", "\(label): \(error)")
        }
        let reread: Analysis
        do { reread = try Analysis(try ArchReader.read(printed), convention: convention) } catch {
            throw FuzzFailure("sweep", "a design's totals equal its written network's",
                              "\(label): the written network fails: \(error)\n--- printed ---\n\(printed)")
        }
        guard reread.totals == point.cost else {
            throw FuzzFailure("sweep", "a design's totals equal its written network's",
                              "\(label) (\(convention)): the sweep gives \(point.cost), the written network \(reread.totals)")
        }
    }

    /// `1..8`, `1,2,4`, `1..4,8` as `sweep` reads `--hidden` and `--piece`; nil where it refuses.
    static func sweepList(_ text: String) -> [Int]? {
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ".", omittingEmptySubsequences: true)
            if part.contains("..") {
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 1, low <= high,
                      high - low < 4096 else { return nil }
                values += Array(low...high)
            } else {
                guard let value = Int(part), value >= 1 else { return nil }
                values.append(value)
            }
        }
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }

    /// `flops<=300M` as `sweep --budget` reads it; nil where it refuses.
    static func sweepBudget(_ text: String) -> (metric: BudgetMetric, limit: Int)? {
        let parts = text.split(separator: "<=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let metric = BudgetMetric(rawValue: parts[0].lowercased()),
              BudgetMetric.counts.contains(metric), let limit = Quantity.parse(parts[1]) else { return nil }
        return (metric, limit)
    }
}

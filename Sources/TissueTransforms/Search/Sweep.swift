import TissueDiagnostics
import TissueIR
import TissueNumerics

/// A search over stacking designs (`tissue sweep`): every combination of hidden width C2, piece C1
/// and replacement mode, or with `perStage` an independent choice per stage (keep it, or stack it
/// with some C1, C2). Each design's totals come from ``DesignSpace`` in a few additions.
public struct Sweep: Sendable {
    public struct Setting: Sendable, Hashable {
        public var piece: Int
        public var hidden: Int

        public init(piece: Int, hidden: Int) {
            self.piece = piece
            self.hidden = hidden
        }
    }

    /// One evaluated design: a setting (or nil: kept as it is) per stage, and its totals.
    public struct Point: Sendable, Equatable {
        public var stages: [Setting?]
        public var cost: Cost
        /// The replacement mode that produced it, for uniform sweeps.
        public var mode: StackTransform.Replace?
    }

    public var stageNames: [String]
    /// The block paths of each stage, for writing a design out.
    public var stagePaths: [[String]]
    /// Whether each stage was chosen on its own (`--per-stage`) or one setting was used throughout.
    public var perStage: Bool
    public var points: [Point] = []
    /// Designs skipped because a replaced block's widths do not divide.
    public var invalid = 0
    public var baseline: Cost
    /// The reading of the ResNet rule and the user's unit (nil: each kind's own) every design used.
    public var residualScope: StackTransform.ResidualScope
    public var unit: String?

    /// Designs one sweep may hold (each is kept in memory for the report): about 100 MB.
    public static let defaultMaximumDesigns = 1_000_000

    /// Uniform sweep: one (C1, C2) for every block the mode chooses.
    public init(_ space: inout DesignSpace, hiddens: [Int], pieces: [Int], modes: [StackTransform.Replace],
                maximumDesigns: Int = Sweep.defaultMaximumDesigns) throws(Diagnostic) {
        let stages = space.stages
        stageNames = StackTransform.stageNames(space.candidates)
        stagePaths = stages.map { stage in stage.map { space.candidates[$0].path.description } }
        perStage = false
        baseline = space.baseline
        residualScope = space.residualScope
        unit = space.unit?.name
        try Self.check(designs: Checked.product([modes.count, hiddens.count, pieces.count]), limit: maximumDesigns)
        for mode in modes {
            let chosen = try StackTransform(hidden: 1, replace: mode).chosen(from: space.candidates)
            let indices = chosen.compactMap { c in space.candidates.firstIndex { $0.nodes == c.nodes } }
            guard !indices.isEmpty else { continue }
            for hidden in hiddens {
                for piece in pieces {
                    let setting = Setting(piece: piece, hidden: hidden)
                    guard let cost = try space.evaluate(indices.map { ($0, piece, hidden) }) else {
                        invalid += 1
                        continue
                    }
                    let perStage = stages.map { stage in stage.contains { indices.contains($0) } ? setting : nil }
                    points.append(Point(stages: perStage, cost: cost, mode: mode))
                }
            }
        }
    }

    /// Per-stage sweep: each stage the modes allow is kept or stacked with any (C1, C2).
    /// The number of designs is (|C1|·|C2| + 1)^stages.
    /// `progress` is told now and then the fraction of the designs evaluated.
    public init(perStage space: inout DesignSpace, hiddens: [Int], pieces: [Int],
                modes: [StackTransform.Replace], maximumDesigns: Int = Sweep.defaultMaximumDesigns,
                progress: ((Double) -> Void)? = nil) throws(Diagnostic) {
        let stages = space.stages
        stageNames = StackTransform.stageNames(space.candidates)
        stagePaths = stages.map { stage in stage.map { space.candidates[$0].path.description } }
        perStage = true
        baseline = space.baseline
        residualScope = space.residualScope
        unit = space.unit?.name
        var eligible = Set<Int>()
        for mode in modes {
            let chosen = try StackTransform(hidden: 1, replace: mode).chosen(from: space.candidates)
            for (s, stage) in stages.enumerated() where stage.contains(where: { i in chosen.contains { $0.nodes == space.candidates[i].nodes } }) {
                eligible.insert(s)
            }
        }
        let settings = hiddens.flatMap { h in pieces.map { Setting(piece: $0, hidden: h) } }
        try Self.check(designs: Checked.product(stages.indices.map { eligible.contains($0) ? settings.count + 1 : 1 }),
                       limit: maximumDesigns)
        // At most `maximumDesigns` now, so the product cannot overflow.
        let designs = stages.indices.map { eligible.contains($0) ? settings.count + 1 : 1 }.reduce(1, *)
        // Per stage, per option (0 = keep, k = settings[k-1]): the change in totals, nil if invalid.
        var deltas: [[Cost?]] = []
        for (s, stage) in stages.enumerated() {
            var options: [Cost?] = [.zero]
            if eligible.contains(s) {
                for setting in settings {
                    let total = try space.evaluate(stage.map { ($0, setting.piece, setting.hidden) })
                    options.append(try total.map { t throws(Diagnostic) in try Self.difference(t, space.baseline) })
                }
            }
            deltas.append(options)
        }
        var digits = [Int](repeating: 0, count: stages.count)
        outer: while true {
            var cost = space.baseline
            var valid = true
            for (s, option) in digits.enumerated() {
                guard let delta = deltas[s][option] else { valid = false; break }
                do { cost = try cost.adding(delta) } catch { throw Diagnostic(.countOverflow(path: stageNames[s]), at: nil) }
            }
            if valid {
                points.append(Point(stages: digits.map { $0 == 0 ? nil : settings[$0 - 1] }, cost: cost, mode: nil))
            } else {
                invalid += 1
            }
            if let progress, (points.count + invalid) % 4096 == 0 { progress(Double(points.count + invalid) / Double(designs)) }
            // Next combination (odometer).
            var s = 0
            while s < digits.count {
                digits[s] += 1
                if digits[s] < deltas[s].count { continue outer }
                digits[s] = 0
                s += 1
            }
            break
        }
    }

    /// Refuses a sweep of more designs than `limit` before enumerating any (nil: beyond 2⁶³).
    static func check(designs: @autoclosure () throws(Checked.Overflow) -> Int, limit: Int) throws(Diagnostic) {
        let count: Int?
        do { count = try designs() } catch { count = nil }
        guard let count, count <= limit else {
            throw Diagnostic(.tooManyDesigns(count: count.map(String.init) ?? "more than 2⁶³", limit: limit), at: nil)
        }
    }

    static func difference(_ a: Cost, _ b: Cost) throws(Diagnostic) -> Cost {
        do { return try a.subtracting(b) } catch { throw Diagnostic(.countOverflow(path: "design"), at: nil) }
    }

    /// The params–FLOPs Pareto front, fewest FLOPs first. Of a uniform sweep: the designs no other
    /// beats on both, none having at most their parameters and at most their FLOPs (one setting
    /// throughout mostly trades both together, so the rest are dominated). Of a per-stage sweep:
    /// the designs that keep the most parameters (capacity) for their FLOPs, no other having at
    /// most their FLOPs and more parameters, which shows which stages to stack for a FLOPs budget.
    public var front: [Int] {
        perStage
            ? ParetoFront.indices(points.count, first: { points[$0].cost.flops }, second: { -points[$0].cost.params })
            : ParetoFront.indices(points.count, first: { points[$0].cost.flops }, second: { points[$0].cost.params })
    }

    /// What the front keeps, in words for reports.
    public var frontMeaning: String {
        perStage ? "most params for the FLOPs" : "none smaller in both params and FLOPs"
    }

    /// The design that keeps the most parameters among those `meets` accepts (ties: fewer FLOPs,
    /// then the first evaluated); nil when none does.
    public func best(meeting meets: (Cost) -> Bool) -> Int? {
        var best: Int?
        for (index, point) in points.enumerated() where meets(point.cost) {
            guard let current = best else { best = index; continue }
            let c = points[current].cost
            if (point.cost.params, -point.cost.flops) > (c.params, -c.flops) { best = index }
        }
        return best
    }

    /// The stacking transforms that write `point` out, one per stage it stacks (a uniform design's
    /// stages share one setting), in order; applied one after the other to the baseline.
    public func transforms(for point: Point, residualScope: StackTransform.ResidualScope,
                           unit: UnitTemplate? = nil) -> [StackTransform] {
        zip(stagePaths, point.stages).compactMap { paths, setting in
            setting.map {
                StackTransform(hidden: $0.hidden, piece: $0.piece, replace: .paths(paths), residualScope: residualScope, unit: unit)
            }
        }
    }

    /// A short description of a design: `C2=6 C1=2 inner`, or per stage `64ch×2:keep 128ch×2:6/2 ...`.
    public func label(_ point: Point) -> String {
        if let mode = point.mode, let setting = point.stages.compactMap({ $0 }).first {
            return "C2=\(setting.hidden) C1=\(setting.piece) \(mode)"
        }
        return zip(stageNames, point.stages).map { name, s in "\(name):" + (s.map { "\($0.hidden)/\($0.piece)" } ?? "keep") }
            .joined(separator: " ")
    }
}

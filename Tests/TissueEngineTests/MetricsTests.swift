import Testing
import TissueMetrics
import TissueReports

/// CE, SE and the savings against closed forms worked out here, and the rule that a missing or
/// zero input gives a reason, never a division by zero.
@Suite("Metrics")
struct MetricsTests {
    static func figures(_ acc: Double?, _ flops: Double?, _ params: Double?) -> Figures {
        Figures(accuracy: acc.map { Amount(value: $0, basis: .stated) },
                flops: flops.map { Amount(value: $0, basis: .counted) },
                params: params.map { Amount(value: $0, basis: .counted) })
    }

    /// The paper's own check (Section 4.4.1, Table 2): VGG-16 on CIFAR-100.
    @Test func workedExampleFromThePaper() throws {
        let c = Comparison(baseline: Self.figures(73.55, 7.79e8, 14.96e6), candidate: Self.figures(70.40, 1.57e8, 4.08e6))
        let ce = try #require(c.computationEfficiency.value), se = try #require(c.storageEfficiency.value)
        // (70.40/1.57)/(73.55/7.79) = 44.8408/9.44159 = 4.7493; (70.40/4.08)/(73.55/14.96) = 17.2549/4.91644 = 3.5096
        #expect(abs(ce - 4.7493) < 1e-4)
        #expect(abs(se - 3.5096) < 1e-4)
        #expect(abs(ce - 4.74) <= 0.01 && abs(se - 3.51) <= 0.01)
    }

    @Test func baselineAgainstItselfScoresExactlyOne() {
        let b = Self.figures(93.25, 7.80e8, 14.91e6)
        let c = Comparison(baseline: b, candidate: b)
        #expect(c.computationEfficiency == .value(1))
        #expect(c.storageEfficiency == .value(1))
        #expect(c.speedUp == .value(1))
        #expect(c.percentSaved(.flops) == .value(0))
    }

    @Test("savings, speed-up, compression and accuracy change", arguments: [
        // baseline (acc, flops, params), candidate, then expected kept% FLOPs, kept% params, speed-up, compression, Δacc
        (80.0, 400.0, 200.0, 76.0, 100.0, 50.0, 25.0, 25.0, 4.0, 4.0, -4.0),
        (50.0, 10.0, 10.0, 55.0, 20.0, 5.0, 200.0, 50.0, 0.5, 2.0, 5.0),
    ])
    func closedForms(_ ab: Double, _ fb: Double, _ pb: Double, _ ac: Double, _ fc: Double, _ pc: Double,
                     _ keptF: Double, _ keptP: Double, _ speed: Double, _ compression: Double, _ delta: Double) throws {
        let c = Comparison(baseline: Self.figures(ab, fb, pb), candidate: Self.figures(ac, fc, pc))
        #expect(c.percentKept(.flops) == .value(keptF))
        #expect(c.percentKept(.params) == .value(keptP))
        #expect(c.percentSaved(.flops) == .value(100 - keptF))
        #expect(c.speedUp == .value(speed))
        #expect(c.compressionRatio == .value(compression))
        #expect(c.accuracyChange == .value(delta))
        // CE = (Acc_c/Acc_b)·(FLOPs_b/FLOPs_c), SE likewise.
        #expect(abs(try #require(c.computationEfficiency.value) - (ac / ab) * (fb / fc)) < 1e-12)
        #expect(abs(try #require(c.storageEfficiency.value) - (ac / ab) * (pb / pc)) < 1e-12)
    }

    /// Reaching the break-even accuracy gives exactly the target score.
    @Test("break-even accuracy meets its target", arguments: [1.0, 1.59, 4.74])
    func breakEven(_ target: Double) throws {
        let base = Self.figures(73.55, 7.79e8, 14.96e6)
        let untrained = Comparison(baseline: base, candidate: Self.figures(nil, 1.57e8, 4.08e6))
        #expect(untrained.computationEfficiency.reason == .unknown([Operand(.candidate, .accuracy)]))
        for resource in [Measure.flops, .params] {
            let needed = try #require(untrained.breakEvenAccuracy(resource, target: target).value)
            // Acc_c = target·Acc_b·R_c/R_b, worked out here.
            let rc = resource == .flops ? 1.57e8 : 4.08e6, rb = resource == .flops ? 7.79e8 : 14.96e6
            #expect(abs(needed - target * 73.55 * rc / rb) < 1e-9)
            let trained = Comparison(baseline: base, candidate: Self.figures(needed, 1.57e8, 4.08e6))
            #expect(abs(try #require(trained.efficiency(resource).value) - target) < 1e-12)
        }
    }

    @Test func missingInputsAreNamed() {
        let c = Comparison(baseline: Self.figures(nil, 100, nil), candidate: Self.figures(nil, nil, 5))
        #expect(c.computationEfficiency.reason == .unknown([Operand(.baseline, .accuracy), Operand(.candidate, .accuracy),
                                                             Operand(.candidate, .flops)]))
        #expect(c.computationEfficiency.reason?.description == "accuracy (row and baseline) and FLOPs not given")
        #expect(c.storageEfficiency.reason?.description == "accuracy (row and baseline) and baseline params not given")
        #expect(c.breakEvenAccuracy(.flops, target: .empty(.noBaseline), name: "NCP").reason == .noTarget("NCP"))
    }

    @Test("zero divisors are reasons", arguments: [
        (0.0, 10.0, 50.0, 5.0, Operand(.baseline, .accuracy)),
        (70.0, 0.0, 50.0, 5.0, Operand(.baseline, .flops)),
        (70.0, 10.0, 50.0, 0.0, Operand(.candidate, .flops)),
    ])
    func zeroDivisors(_ ab: Double, _ fb: Double, _ ac: Double, _ fc: Double, _ culprit: Operand) {
        let c = Comparison(baseline: Self.figures(ab, fb, 1), candidate: Self.figures(ac, fc, 1))
        #expect(c.computationEfficiency.reason == .zero(culprit))
        #expect(c.computationEfficiency.reason?.description.contains("is 0") == true
            || c.computationEfficiency.reason?.description.contains("are 0") == true)
    }

    /// Every combination of unknown, zero and positive inputs: each metric is a finite number
    /// or an explained blank, never NaN or infinity.
    @Test func noInputCombinationDividesByZero() {
        let choices: [Double?] = [nil, 0, 3]
        var blanks = 0
        for ab in choices { for fb in choices { for pb in choices { for ac in choices { for fc in choices { for pc in choices {
            let c = Comparison(baseline: Self.figures(ab, fb, pb), candidate: Self.figures(ac, fc, pc))
            let all: [Derived] = [c.computationEfficiency, c.storageEfficiency, c.speedUp, c.compressionRatio,
                                  c.accuracyChange, c.percentKept(.flops), c.percentSaved(.params),
                                  c.breakEvenAccuracy(.flops), c.breakEvenAccuracy(.params, target: 2)]
            for derived in all {
                switch derived {
                case .value(let v): #expect(v.isFinite, "\(ab as Any) \(fb as Any) \(pb as Any) \(ac as Any) \(fc as Any) \(pc as Any)")
                case .empty(let reason): #expect(!reason.description.isEmpty); blanks += 1
                }
            }
        } } } } } }
        #expect(blanks > 0)
    }

    @Test func statedFractionsStandInForCounts() throws {
        // ShrinkBench rows give only fractions: keptFLOPS 25% → CE = (acc ratio)/0.25.
        let c = Comparison(baseline: Self.figures(76, nil, nil), candidate: Self.figures(76, nil, nil),
                           statedFraction: .init(flops: 0.25, params: 0))
        #expect(c.computationEfficiency == .value(4))
        #expect(c.storageEfficiency.reason == .zero(Operand(.candidate, .params)))
        #expect(c.compressionRatio.reason == .zero(Operand(.candidate, .params)))
    }
}

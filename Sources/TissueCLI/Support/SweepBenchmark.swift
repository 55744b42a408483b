import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueTransforms

/// Measures how fast `sweep` evaluates design points: the per-stage design space of a network
/// (C2 in 1…8, C1 in {1, 2, 4}), timed in full, against the slow path of rewriting the
/// network and analysing it again for a few points.
struct SweepBenchmark {
    var model: String
    var designs: Int
    var seconds: Double
    var fullDesigns: Int
    var fullSeconds: Double

    var designsPerSecond: Double { Double(designs) / max(seconds, 1e-9) }
    var fullDesignsPerSecond: Double { Double(fullDesigns) / max(fullSeconds, 1e-9) }

    init(_ network: Network, runs: Int) throws(Diagnostic) {
        model = network.name
        let clock = ContinuousClock()
        var best = Double.infinity
        var count = 0
        for _ in 0..<max(1, runs) {
            let start = clock.now
            var space = try DesignSpace(network, convention: .standard)
            let sweep = try Sweep(perStage: &space, hiddens: Array(1...8), pieces: [1, 2, 4], modes: [.all])
            let elapsed = clock.now - start
            count = sweep.points.count + sweep.invalid
            best = min(best, Self.seconds(elapsed))
        }
        designs = count
        seconds = best
        // The slow path for comparison: every point rewritten as a network and analysed again.
        let space = try DesignSpace(network, convention: .standard)
        let start = clock.now
        var full = 0
        for hidden in 1...8 {
            let choices = space.candidates.map { (candidate: $0, piece: 2, hidden: hidden) }
            let stacked = try StackTransform.apply(to: network, choices: choices)
            do { _ = try Analysis(stacked) } catch { throw Diagnostic(error) }
            full += 1
        }
        fullDesigns = full
        fullSeconds = Self.seconds(clock.now - start)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }

    func report() -> String {
        #if DEBUG
        let build = "debug build (timings are not representative; use 'swift build -c release')"
        #else
        let build = "release build"
        #endif
        return "bench sweep \(model): \(build), best of the runs\n"
            + "per-stage design space: \(designs) designs in \(NumberFormat.fixed(seconds * 1000, decimals: 1)) ms "
            + "= \(NumberFormat.si(Int(designsPerSecond))) designs/s\n"
            + "full path (rewrite, analyse): \(fullDesigns) designs in \(NumberFormat.fixed(fullSeconds * 1000, decimals: 1)) ms "
            + "= \(NumberFormat.fixed(fullDesignsPerSecond, decimals: 1)) designs/s\n"
    }
}

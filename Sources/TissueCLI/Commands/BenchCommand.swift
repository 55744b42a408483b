import TissueDiagnostics
import TissueNumerics
import TissueReference
import TissueReports

/// `tissue bench TARGET FILE`: times one of tissue's computations on a model. TARGET is a closed
/// set (today `verify`, the reference forward pass), so that later targets can join it.
enum BenchCommand: Command {
    /// What `bench` can time.
    enum Target: String, CaseIterable {
        /// The reference forward pass of `tissue verify`.
        case verify
        /// The design evaluation of `tissue sweep` (its per-stage space).
        case sweep
    }

    static let spec = CommandSpec(
        name: "bench",
        abstract: "Time a computation on a model: the reference forward pass, or a design sweep.",
        discussion: """
            'tissue bench verify FILE' runs the reference forward pass once to warm up and then --runs \
            times, and reports per layer and in total the median time and the arithmetic rate \
            (GFLOP/s = 2 x MACs / time). Stacked layers are not compared with their dense \
            counterparts here. Compare with Examples/benchmarks/pytorch_forward.py; see docs/performance.md. \
            'tissue bench sweep FILE' evaluates the per-stage design space of 'tissue sweep' (C2 in 1..8, C1 \
            in 1, 2, 4) --runs times and reports the best rate in designs per second, beside the rate of \
            writing, parsing and analysing each design in full.
            """,
        positionals: [
            .init(name: "TARGET", help: "What to time: \(Target.allCases.map(\.rawValue).joined(separator: ", "))."),
            .init(name: "FILE", help: "An .arch file, or '-' for standard input."),
        ],
        options: [
            .init("runs", short: "r", value: "N", help: "Timed runs after one warm-up run.", default: "10"),
            .init("seed", short: "s", value: "N", help: "Seed of the random weights and input.", default: "1"),
            WhatIf.input,
            ProgressBar.quietOption,
            .init("threads", short: "t", value: "N", help: "Worker threads (default: one per processor)."),
        ] + InputLimits.options,
        examples: [
            "tissue bench verify Examples/zoo/resnet50.arch --input 64x64 --runs 3",
            "tissue bench verify Examples/zoo/vgg16-cifar10.arch --runs 20 --threads 2",
            "tissue bench sweep Examples/zoo/resnet34.arch --runs 3",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let name = arguments.positionals[0]
        guard let target = Target(rawValue: name) else {
            let names = Target.allCases.map { "bench " + $0.rawValue }
            throw .usage(.unknownCommand("bench " + name, suggestion: Suggestion.closest(to: "bench " + name, among: names)))
        }
        guard arguments.positionals.count > 1 else { throw .usage(.missingArgument("FILE", command: spec.name)) }
        let seed: UInt64, workers: Workers, runs: Int
        do throws(UsageError) {
            (seed, workers) = (try arguments.seed(), try arguments.workers())
            runs = try arguments.integer("runs") ?? 10
            guard runs >= 1 else { throw .invalidValue(option: "runs", value: "0", expected: "at least 1 run") }
            guard runs <= Limits.runs else {
                throw .beyondLimit(option: "runs", value: String(runs), limit: String(Limits.runs), raiseWith: nil)
            }
        } catch {
            throw .usage(error)
        }
        if target == .sweep {
            let model = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[1])
            do {
                console.standardOutput(try SweepBenchmark(model.network, runs: runs).report())
            } catch {
                throw .input(error, fileName: model.fileName, source: model.source)
            }
            return 0
        }
        let model = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[1])
        let bar = ProgressBar("bench " + model.fileName, console: console, arguments: arguments)
        let advance: (@Sendable (Double) -> Void)? = bar?.reporter
        let benchmark: Benchmark
        do {
            defer { bar?.finish() }
            benchmark = try Benchmark(model.network, seed: seed, runs: runs, workers: workers, progress: advance)
        } catch {
            console.standardError("tissue: error: \(error.message)\n")
            return 2
        }
        console.standardOutput(report(benchmark))
        return 0
    }

    static func report(_ b: Benchmark) -> String {
        #if DEBUG
        let build = "debug build (timings are not representative; use 'swift build -c release')"
        #else
        let build = "release build"
        #endif
        let m = b.memory
        func megabytes(_ bytes: Int) -> String { NumberFormat.fixed(Double(bytes) / 1e6, decimals: 1) + " MB" }
        return "bench verify \(b.model): input \(b.input); \(b.workers) thread\(b.workers == 1 ? "" : "s"), "
            + "GEMM kernel \(b.microkernel), \(build); median of \(b.runs) run\(b.runs == 1 ? "" : "s") after 1 warm-up\n\n"
            + TextTableRenderer.render(b.table())
            + "\nforward pass: \(NumberFormat.fixed(b.seconds * 1000, decimals: 2)) ms, "
            + "\(NumberFormat.fixed(b.gigaflops, decimals: 1)) GFLOP/s\n"
            + "memory: weights \(megabytes(m.weightBytes)) + peak activations \(megabytes(m.peakActivationBytes)) "
            + "+ scratch \(megabytes(m.scratchBytes)) = \(megabytes(m.totalBytes))\n"
    }
}

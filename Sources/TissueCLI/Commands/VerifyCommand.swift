import TissueIR
import TissueReference
import TissueReports

/// `tissue verify FILE`: runs the network on random numbers and checks, layer by layer, that the
/// analytic shapes, parameters and MACs equal what the reference pass executed and allocated, and
/// that every stacked layer computes what its block-diagonal dense counterpart computes.
enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check the counts by running the network on random numbers.",
        discussion: """
            Runs a reference forward pass (float32, batch 1, seeded random weights and input) and \
            compares every layer's output shape, allocated parameters and executed multiply-accumulates \
            with the analytic counts of the standard convention. Every stacked layer whose units share \
            one structure is also compared with its dense counterpart (block-diagonal weights) on the \
            same input. Exit status 0 when everything agrees, 1 when anything differs. See docs/verify.md.
            """,
        positionals: [.init(name: "FILE", help: "An .arch file, or '-' for standard input.")],
        options: [
            .init("seed", short: "s", value: "N", help: "Seed of the random weights and input.", default: "1"),
            WhatIf.input,
            .init("threads", short: "t", value: "N", help: "Worker threads (default: one per processor)."),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text", choices: ["text", "json"]),
            ProgressBar.quietOption,
        ] + InputLimits.options,
        examples: [
            "tissue verify Examples/stacked/resnet18-stacked-cifar10.arch",
            "tissue verify Examples/zoo/resnet50.arch --input 64x64 --format json",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let seed: UInt64, workers: Workers
        do {
            (seed, workers) = (try arguments.seed(), try arguments.workers())
        } catch {
            throw .usage(error)
        }
        let model = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[0])
        let analysis = try model.analyze(.standard)
        var executor = Executor(workers: workers)
        let bar = ProgressBar("verify \(model.network.name)", console: console, arguments: arguments)
        executor.progress = bar?.reporter
        let execution: Execution
        do {
            defer { bar?.finish() }
            execution = try executor.run(model.network.graph, seed: seed)
        } catch {
            console.standardError("tissue: error: \(error.message)\n")
            return 2
        }
        let verification = Verification(analysis: analysis, execution: execution, seed: seed, tolerance: executor.tolerance)
        let report = VerificationReport(verification)
        if arguments.value("format") == "json" {
            console.standardOutput(report.json().rendered() + "\n")
        } else {
            console.standardOutput(report.text())
        }
        return verification.passed ? 0 : 1
    }
}

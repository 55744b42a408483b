// swift-tools-version:6.0
import PackageDescription

/// Every target follows the data flow (docs/architecture.md): a target may import only the
/// targets listed before it here, so a cycle, or a stage reaching forward, does not compile.
let strict: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "tissue",
    products: [
        .library(name: "TissueIR", targets: ["TissueIR"]),
        .library(name: "TissueArch", targets: ["TissueArch"]),
        .library(name: "TissueONNX", targets: ["TissueONNX"]),
        .library(name: "TissueTransforms", targets: ["TissueTransforms"]),
        .executable(name: "tissue", targets: ["tissue"]),
    ],
    targets: [
        // Exact counts: overflow-checked arithmetic, quantities such as `11.2M`, the one number formatter.
        .target(name: "TissueNumerics", swiftSettings: strict),
        // The centre: shapes, operations, the graph with its builder and rewriter, shape inference,
        // parameters and costs under every convention, analysis, the network and its metadata.
        .target(name: "TissueIR", dependencies: ["TissueNumerics"], swiftSettings: strict),
        // Errors in a user's text: located diagnostics, their sentences, "did you mean".
        .target(name: "TissueDiagnostics", dependencies: ["TissueNumerics", "TissueIR"], swiftSettings: strict),
        // The `.arch` language: a front end (lexer, parser, expander) and a back end (printer) of the IR.
        .target(name: "TissueArch", dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics"], swiftSettings: strict),
        // The ONNX front end: a protobuf wire-format reader, the ONNX messages, and graph → IR.
        .target(name: "TissueONNX", dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics"], swiftSettings: strict),
        // Network → Network rewrites and the searches built on them (stacking, design space, sweep).
        .target(name: "TissueTransforms", dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics"], swiftSettings: strict),
        // CE, SE and the other scores; published results and the files they come in.
        .target(name: "TissueMetrics", dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics"], swiftSettings: strict),
        // Budgets checked against an analysis and a baseline.
        .target(name: "TissueBudgets", dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics", "TissueMetrics"],
                swiftSettings: strict),
        // Back ends for people and machines: tables, JSON, CSV, LaTeX, SVG charts, CI formats.
        .target(name: "TissueReports",
                dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics", "TissueTransforms", "TissueMetrics",
                               "TissueBudgets"],
                swiftSettings: strict),
        // The reference forward pass: runs a graph on real numbers to check the engine's counts.
        .target(name: "TissueReference", dependencies: ["TissueNumerics", "TissueIR", "TissueTransforms", "TissueReports"],
                swiftSettings: strict, linkerSettings: [.linkedLibrary("m")]),
        // The command line: argument binding, file reading, exit codes. Tested in-process.
        .target(name: "TissueCLI",
                dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics", "TissueArch", "TissueONNX", "TissueTransforms",
                               "TissueMetrics", "TissueBudgets", "TissueReports", "TissueReference"],
                // The registry's CSV files, compiled in as Support/RegistrySources.swift.
                exclude: ["Registry"],
                swiftSettings: strict),
        // `main.swift` only hands over to TissueCLI.
        .executableTarget(name: "tissue", dependencies: ["TissueCLI"], swiftSettings: strict),
        .testTarget(name: "TissueEngineTests",
                    dependencies: ["TissueNumerics", "TissueIR", "TissueDiagnostics", "TissueArch", "TissueTransforms",
                                   "TissueMetrics", "TissueBudgets", "TissueReports"],
                    swiftSettings: strict),
        .testTarget(name: "TissueCLITests",
                    dependencies: ["TissueCLI", "TissueIR", "TissueArch", "TissueReports", "TissueDiagnostics",
                                   "TissueNumerics", "TissueTransforms", "TissueMetrics", "TissueBudgets"],
                    swiftSettings: strict),
        .testTarget(name: "TissueONNXTests",
                    dependencies: ["TissueONNX", "TissueIR", "TissueArch", "TissueNumerics", "TissueTransforms"],
                    swiftSettings: strict),
        .testTarget(name: "TissueReferenceTests",
                    dependencies: ["TissueReference", "TissueIR", "TissueArch", "TissueTransforms", "TissueNumerics",
                                   "TissueDiagnostics", "TissueMetrics", "TissueBudgets", "TissueReports"],
                    swiftSettings: strict),
    ]
)

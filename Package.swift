// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tissue",
    products: [
        .library(name: "TissueKit", targets: ["TissueKit"]),
        .executable(name: "tissue", targets: ["tissue"]),
    ],
    targets: [
        // The pure engine: language, IR, shapes, costs, reports. No I/O, no printing, no exit.
        .target(name: "TissueKit", linkerSettings: [.linkedLibrary("m")]),
        // The reference forward pass: runs a graph on real numbers to check the engine's counts.
        .target(name: "TissueReference", dependencies: ["TissueKit"]),
        // The command line: argument binding, file reading, exit codes. Tested in-process.
        .target(name: "TissueCLI", dependencies: ["TissueKit", "TissueReference"],
                resources: [.copy("Resources/registry")]),
        // `main.swift` only hands over to TissueCLI.
        .executableTarget(name: "tissue", dependencies: ["TissueCLI"]),
        .testTarget(name: "TissueKitTests", dependencies: ["TissueKit"]),
        .testTarget(name: "TissueCLITests", dependencies: ["TissueCLI", "TissueKit"]),
        .testTarget(name: "TissueReferenceTests", dependencies: ["TissueReference", "TissueKit"]),
    ]
)

// libFuzzer harness 'sweep': a base network and fuzzed values of --hidden, --piece, --replace, --residual,
// --per-stage, --convention, --budget → DesignSpace → Sweep → SweepReport in every format; the
// first, last and first Pareto design, written out and read back, have the sweep's totals.
// Build and run with Tests/Fuzz/run.sh sweep SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.sweep(bytes, context: FuzzHarness.context) }
}

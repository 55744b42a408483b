// libFuzzer harness 'units': fuzzed values of --n, --nodes, --unit, --k, --size, --stride → StackEquations:
// evaluate() never traps; the engine's counts of the built layer equal Eq. 5-8.
// Build and run with Tests/Fuzz/run.sh units SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.units(bytes) }
}

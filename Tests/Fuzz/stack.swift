// libFuzzer harness 'stack': a base network (an example by name, or inline .arch text) and fuzzed values of
// --hidden, --piece, --replace, --residual, --convention → StackTransform → printed → read back:
// the same layers, shapes and totals; DesignSpace.evaluate equals the analysis of the result.
// Build and run with Tests/Fuzz/run.sh stack SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.stack(bytes, context: FuzzHarness.context) }
}

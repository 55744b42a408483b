// libFuzzer harness 'tablespec': table-spec text → TableSpec.parse → build with the registry → every output format
// and chart; the CSV output reads back rectangular.
// Build and run with Tests/Fuzz/run.sh tablespec SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.tableSpec(bytes, context: FuzzHarness.context) }
}

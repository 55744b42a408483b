// libFuzzer harness 'results': published-results CSV text (tissue's layout or ShrinkBench's) → ResultsFile.parse
// → a table of every row in every format and chart; the CSV output reads back rectangular.
// Build and run with Tests/Fuzz/run.sh results SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.results(bytes, context: FuzzHarness.context) }
}

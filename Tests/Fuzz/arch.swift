// libFuzzer harness 'arch': bytes → UTF-8 text → ArchReader.read → Analysis under all four conventions → an analyze
// report → ArchPrinter().print → read back: the same layers, shapes and totals, and printing is a
// fixed point. Seeds: every .arch file in Examples/ and docs/.
// Build and run with Tests/Fuzz/run.sh arch SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.arch(bytes) }
}

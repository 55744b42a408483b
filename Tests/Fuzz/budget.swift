// libFuzzer harness 'budget': check options and an .arch model with budget statements → BudgetCheck.evaluate →
// BudgetReport as text, JSON, JUnit, GitHub; margins exact, verdicts follow their sign.
// Build and run with Tests/Fuzz/run.sh budget SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.budget(bytes, context: FuzzHarness.context) }
}

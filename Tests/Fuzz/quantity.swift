// libFuzzer harness 'quantity': any text → Quantity.parse (check --max-*, sweep --budget): never traps, never
// negative, agrees with the .arch reader's budget quantities.
// Build and run with Tests/Fuzz/run.sh quantity SECONDS; the property is FuzzProperty in
// Tests/TissueEngineTests/Fuzzing, which FuzzRegressionTests replays on the regression corpus.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size) { bytes throws(FuzzFailure) in try FuzzProperty.quantity(bytes) }
}

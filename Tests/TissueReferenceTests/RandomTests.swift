import Testing
@testable import TissueReference

/// The generator against values computed by a separate (Python) transcription of the published
/// algorithms: SplitMix64 (Steele, Lea & Flood) and xoshiro256** (Blackman & Vigna).
@Suite("Random generator")
struct RandomTests {
    @Test func splitMix64MatchesThePublishedAlgorithm() {
        var mix = SplitMix64(state: 0)
        #expect([mix.next(), mix.next(), mix.next(), mix.next()]
                 == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test(arguments: [
        (UInt64(0), [UInt64(0x99EC_5F36_CB75_F2B4), 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0]),
        (UInt64(42), [UInt64(0x1578_0B2E_0C2E_C716), 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1]),
    ])
    func xoshiro256StarStarMatchesThePublishedAlgorithm(seed: UInt64, expected: [UInt64]) {
        var generator = Xoshiro256(seed: seed)
        #expect((0..<3).map { _ in generator.next() } == expected)
    }

    @Test func sameSeedAndStreamGiveTheSameBits() {
        var a = Xoshiro256(seed: 7, stream: "stage1/conv"), b = Xoshiro256(seed: 7, stream: "stage1/conv")
        let x = a.uniformArray(count: 1000, in: -1...1), y = b.uniformArray(count: 1000, in: -1...1)
        #expect(x.map(\.bitPattern) == y.map(\.bitPattern))
        var c = Xoshiro256(seed: 8, stream: "stage1/conv"), d = Xoshiro256(seed: 7, stream: "stage1/conv2")
        #expect(c.uniformArray(count: 1000, in: -1...1) != x)
        #expect(d.uniformArray(count: 1000, in: -1...1) != x)
    }

    @Test func uniformValuesStayInTheirRangeAndFillIt() {
        var generator = Xoshiro256(seed: 3)
        let values = generator.uniformArray(count: 100_000, in: -2...3)
        #expect(values.allSatisfy { $0 >= -2 && $0 < 3 })
        #expect(values.min()! < -1.99 && values.max()! > 2.99)
        // Mean of U(−2, 3) is 0.5; the standard error with 10⁵ draws is about 0.005.
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        #expect(abs(mean - 0.5) < 0.03)
    }
}

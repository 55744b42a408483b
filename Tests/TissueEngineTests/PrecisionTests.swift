import Testing
import TissueNumerics

@Suite("Precision: bits per element and bytes")
struct PrecisionTests {
    @Test("data types name their storage bits", arguments: [
        ("f32", 32), ("float32", 32), ("fp32", 32), ("bf16", 16), ("f16", 16), ("half", 16), ("fp8", 8),
        ("int8", 8), ("INT8", 8), ("uint8", 8), ("int4", 4), ("nf4", 4), ("int2", 2), ("binary", 1),
        ("f64", 64), ("tf32", 32),
    ])
    func dataTypes(_ name: String, _ bits: Int) throws {
        let type = try #require(DataType(name: Substring(name)))
        #expect(type.precision.bits == bits)
    }

    @Test("unknown data types are refused", arguments: ["", "f33", "int3", "float 32", "bf", "ınt8"])
    func unknownTypes(_ name: String) {
        #expect(DataType(name: Substring(name)) == nil)
    }

    @Test("bytes per element are multiples of 1/8", arguments: [
        ("4", 32), ("2", 16), ("1", 8), ("0.5", 4), ("0.25", 2), ("0.125", 1), ("1.5", 12), ("0.50", 4),
        ("8", 64), ("0.375", 3),
    ])
    func bytesPerElement(_ text: String, _ bits: Int) throws {
        let precision = try #require(Precision(bytesPerElement: Substring(text)))
        #expect(precision.bits == bits)
    }

    @Test("other byte counts are refused", arguments: ["0", "0.0", "0.1", "9", "-1", "1e0", ".5", "1.", "0.0625", "١", "4 "])
    func refusedBytes(_ text: String) {
        #expect(Precision(bytesPerElement: Substring(text)) == nil)
    }

    /// ⌈n·bits/8⌉, against the closed form computed here.
    @Test("bytes round the packed bits up to a whole byte", arguments: [
        (32, 11_689_512), (16, 3), (4, 3), (4, 4), (1, 9), (2, 0), (12, 5), (64, 1),
    ])
    func bytes(_ bits: Int, _ count: Int) throws {
        let precision = try #require(Precision(bits: bits))
        #expect(try precision.bytes(count) == (count * bits + 7) / 8)
    }

    @Test func overflowIsReported() throws {
        #expect(throws: Checked.Overflow.self) { try Precision.float64.bytes(Int.max / 8) }
    }

    @Test("names and decimal bytes", arguments: [(32, "f32", "4"), (16, "f16", "2"), (4, "int4", "0.5"), (1, "binary", "0.125"),
                                                  (12, "12-bit", "1.5"), (3, "3-bit", "0.375")])
    func descriptions(_ bits: Int, _ name: String, _ bytes: String) throws {
        let precision = try #require(Precision(bits: bits))
        #expect(precision.description == name)
        #expect(precision.bytesPerElement == bytes)
    }
}

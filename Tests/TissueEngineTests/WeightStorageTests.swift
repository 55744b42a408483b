import Testing
import TissueArch
import TissueIR
import TissueNumerics
import TissueTransforms

/// Sparse formats, their crossover densities, and quantized bytes, against closed forms derived
/// here from the formats' definitions.
@Suite("Weight storage: sparse formats and quantization")
struct WeightStorageTests {
    static func totals(_ source: String, _ spec: String, dtype: Precision = .float32) throws -> CompressionTotals {
        let network = try ArchReader.read(source)
        let compressed = try CompressionMethod.apply(try CompressionSpec.parse(spec).methods(), to: network)
        return try CompressionTotals(compressed, convention: .standard, precision: dtype)
    }

    /// ⌈bits/8⌉ for one array.
    static func bytes(_ count: Int, bits: Int) -> Int { (count * bits + 7) / 8 }

    /// `linear 300` on 400 inputs without bias: a 300 × 400 matrix, W = 120,000.
    static let layer = "input 400\nlinear 300 bias=false"
    static let (rows, columns) = (300, 400)
    static var weights: Int { rows * columns }

    @Test("unstructured sparsity zeroes round(S·W) weights", arguments: ["0.5", "0.9", "0.123", "0"])
    func nonzero(_ sparsity: String) throws {
        let totals = try Self.totals(Self.layer, "sparsity=\(sparsity)")
        let fraction = try #require(Double(sparsity))
        let zero = Int((fraction * Double(Self.weights)).rounded(.toNearestOrEven))
        #expect(totals.nonzero == Self.weights - zero)
        #expect(totals.effectiveMACs == Self.weights - zero, "one MAC per weight in a linear layer")
        #expect(totals.params == Self.weights, "sparsity does not change the dense count")
    }

    /// Bytes of each format at 90% sparsity with f32 values and B-bit indices: nnz·4 values plus
    /// csr nnz·B + (R+1)·B, coo 2·nnz·B, bitmask W bits, nm:1:10 nnz·⌈log₂10⌉.
    @Test("sparse formats' bytes", arguments: ["csr", "coo", "bitmask"])
    func formatBytes(_ format: String) throws {
        let nnz = Self.weights - Self.weights * 9 / 10
        for indexBits in format == "bitmask" ? [32] : [32, 16, 5] {
            let spec = "sparsity=0.9,format=\(format)" + (format == "bitmask" ? "" : ",index-bits=\(indexBits)")
            let totals = try Self.totals(Self.layer, spec)
            let index = switch format {
            case "csr": Self.bytes(nnz, bits: indexBits) + Self.bytes(Self.rows + 1, bits: indexBits)
            case "coo": 2 * Self.bytes(nnz, bits: indexBits)
            default: Self.bytes(Self.weights, bits: 1)
            }
            #expect(totals.weightBytes == 4 * nnz + index, "\(spec)")
        }
    }

    /// N:M keeps N of every M weights of a row, the last partial group min(N, r): a row of 400
    /// under 2:4 keeps 200; under 1:3, 133 full groups keep 133 and the last weight is kept.
    /// Each kept value carries its position in the group, ⌈log₂M⌉ bits.
    @Test func structuredSparsity() throws {
        let half = try Self.totals(Self.layer, "sparsity=0.5,format=nm:2:4")
        #expect(half.nonzero == Self.rows * 200)
        #expect(half.weightBytes == 4 * Self.rows * 200 + Self.bytes(Self.rows * 200, bits: 2))
        let third = try Self.totals(Self.layer, "sparsity=0.667,format=nm:1:3")
        #expect(third.nonzero == Self.rows * 134)
        #expect(third.weightBytes == 4 * Self.rows * 134 + Self.bytes(Self.rows * 134, bits: 2))
        #expect(throws: (any Error).self) { try CompressionSpec.parse("sparsity=0.6,format=nm:1:3") }
    }

    /// The crossover density for f32 values and 32-bit indices: csr
    /// (W·32 − (R+1)·32) / (W·64), bitmask (W·32 − W) / (W·32) = 31/32, coo 32/96.
    @Test func crossoverDensities() throws {
        let w = Double(Self.weights), r = Double(Self.rows)
        let csr = try #require(try Self.totals(Self.layer, "sparsity=0.5,format=csr").crossoverDensity)
        #expect(abs(csr - (w * 32 - (r + 1) * 32) / (w * 64)) < 1e-12)
        #expect(abs(csr - 0.4987458333333333) < 1e-12)
        let bitmask = try #require(try Self.totals(Self.layer, "sparsity=0.5,format=bitmask").crossoverDensity)
        #expect(bitmask == 31.0 / 32.0)
        let coo = try #require(try Self.totals(Self.layer, "sparsity=0.5,format=coo").crossoverDensity)
        #expect(abs(coo - 1.0 / 3.0) < 1e-12)
        // At 8-bit values with 16-bit indices csr pays off only below (W·8 − (R+1)·16)/(W·24).
        let small = try #require(try Self.totals(Self.layer, "sparsity=0.5,format=csr,index-bits=16+quantize=8").crossoverDensity)
        #expect(abs(small - (w * 8 - (r + 1) * 16) / (w * 24)) < 1e-12)
        #expect(try Self.totals(Self.layer, "quantize=8").crossoverDensity == nil)
    }

    /// A format beats dense storage exactly when the density is below its crossover.
    @Test("below the crossover a format is smaller than dense", arguments: ["csr", "bitmask"])
    func crossoverSeparatesSmallerFromLarger(_ format: String) throws {
        let dense = 4 * Self.weights
        let crossover = try #require(try Self.totals(Self.layer, "sparsity=0.5,format=\(format)").crossoverDensity)
        let keptBelow = Int(crossover * 100) - 1, keptAbove = Int(crossover * 100) + 1
        let below = try Self.totals(Self.layer, "sparsity=\(Double(100 - keptBelow) / 100),format=\(format)")
        let above = try Self.totals(Self.layer, "sparsity=\(Double(100 - keptAbove) / 100),format=\(format)")
        #expect(below.weightBytes < dense)
        #expect(above.weightBytes > dense)
    }

    /// Quantized weights: ⌈W·b/8⌉ plus a float32 scale and a b-bit zero point per scale:
    /// 1 per tensor, R per channel, R·⌈C/G⌉ per group of G.
    @Test("quantized bytes with their scales", arguments: [
        ("tensor", 1), ("channel", 300), ("group:128", 300 * 4), ("group:400", 300), ("group:7", 300 * 58),
    ])
    func quantizedBytes(_ scale: String, _ scales: Int) throws {
        for bits in [8, 4, 3, 1] {
            let totals = try Self.totals(Self.layer, "quantize=\(bits),scale=\(scale)")
            #expect(totals.weightBytes == Self.bytes(Self.weights, bits: bits) + 4 * scales + Self.bytes(scales, bits: bits))
        }
    }

    /// Biases and batch norm stay at the base precision; mixed precision by glob; activations.
    @Test func mixedPrecisionAndActivations() throws {
        let source = "input 3x8x8\nconv 16 k=3 p=1; bn; relu\nconv 32 k=3 p=1\ngap; flatten\nlinear 10"
        let totals = try Self.totals(source, "quantize=8,4@conv2,scale=tensor,activations=8", dtype: .float16)
        let conv1 = Self.bytes(16 * 27, bits: 8) + 4 + 1 + 2 * 16
        let bn = 2 * 32
        let conv2 = Self.bytes(32 * 144, bits: 4) + 4 + 1 + 2 * 32
        let linear = Self.bytes(320, bits: 8) + 4 + 1 + 2 * 10
        #expect(totals.weightBytes == conv1 + bn + conv2 + linear)
        #expect(totals.activationBytes == totals.activations)
        let plain = try Self.totals(source, "quantize=8", dtype: .float16)
        #expect(plain.activationBytes == 2 * plain.activations)
    }

    /// Sparse and quantized together: the non-zeros at the quantized width, then the scales.
    @Test func sparseQuantized() throws {
        let totals = try Self.totals(Self.layer, "sparsity=0.75,format=bitmask+quantize=4,scale=channel")
        let nnz = Self.weights / 4
        #expect(totals.weightBytes == Self.bytes(nnz, bits: 4) + Self.bytes(Self.weights, bits: 1) + 4 * 300
            + Self.bytes(300, bits: 4))
    }
}

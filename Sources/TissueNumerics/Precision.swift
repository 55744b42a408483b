/// How many bits one stored number takes: the one precision function behind `--dtype`,
/// `--bytes-per-param`, quantized weights and the KV cache.
///
/// Bytes of `n` numbers are `⌈n · bits / 8⌉`: sub-byte formats (int4, int2, binary) pack
/// densely, as GPTQ/AWQ-style int4 weights and bit-packed binary weights are stored; a
/// per-tensor rounding up to a whole byte is the only padding counted.
public struct Precision: Hashable, Sendable, CustomStringConvertible {
    /// Bits per element, 1 to 64.
    public let bits: Int

    public init?(bits: Int) {
        guard (1...64).contains(bits) else { return nil }
        self.bits = bits
    }

    public static let float64 = Precision(uncheckedBits: 64)
    public static let float32 = Precision(uncheckedBits: 32)
    public static let float16 = Precision(uncheckedBits: 16)
    public static let int8 = Precision(uncheckedBits: 8)
    public static let int4 = Precision(uncheckedBits: 4)

    private init(uncheckedBits: Int) { bits = uncheckedBits }

    /// `⌈count · bits / 8⌉`, overflow-checked.
    public func bytes(_ count: Int) throws(Checked.Overflow) -> Int {
        let totalBits = try Checked.multiply(count, bits)
        return totalBits / 8 + (totalBits % 8 == 0 ? 0 : 1)
    }

    /// Bytes per element as a decimal: `4`, `2`, `0.5`, `0.125`, `1.5`.
    public var bytesPerElement: String {
        let whole = bits / 8, rest = bits % 8
        guard rest != 0 else { return String(whole) }
        // rest/8 has at most three decimal digits.
        var fraction = String(rest * 125)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    /// The data type's name when it has one (`f32`, `bf16`, `int4`), else `N-bit`.
    public var description: String {
        DataType.allCases.first { $0.precision == self && $0.isCanonical }?.name ?? "\(bits)-bit"
    }

    /// The precision a `--bytes-per-param` value names: a whole number of bits, written as
    /// bytes (`4`, `2`, `0.5`, `0.25`, `0.125`). `nil` when it is not a positive multiple of
    /// 1/8 up to 8.
    public init?(bytesPerElement text: Substring) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 2,
              wholeText.allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int(wholeText) else { return nil }
        var eighths = 0
        if parts.count == 2 {
            // Trailing zeros say nothing; what is left must be a multiple of 1/8 (at most 3 digits).
            var digits = Substring(parts[1])
            while digits.hasSuffix("0") { digits.removeLast() }
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 3 else { return nil }
            let thousandths = (Int(digits) ?? 0) * [1000, 100, 10, 1][digits.count]
            guard thousandths % 125 == 0 else { return nil }
            eighths = thousandths / 125
        }
        guard let precision = Precision(bits: whole * 8 + eighths) else { return nil }
        self = precision
    }
}

/// The data types `--dtype` names. Float formats take their storage size; `bf16` and `f16`
/// differ in range, not bytes.
public enum DataType: CaseIterable, Sendable {
    case float64, float32, tensorFloat32, bfloat16, float16, float8, int8, uint8, int4, int2, binary

    /// Accepted spellings, canonical first.
    public var spellings: [String] {
        switch self {
        case .float64: ["f64", "float64", "fp64", "double"]
        case .float32: ["f32", "float32", "fp32", "float"]
        case .tensorFloat32: ["tf32"]
        case .bfloat16: ["bf16", "bfloat16"]
        case .float16: ["f16", "float16", "fp16", "half"]
        case .float8: ["fp8", "f8", "float8", "e4m3", "e5m2"]
        case .int8: ["int8", "i8", "qint8"]
        case .uint8: ["uint8", "u8", "quint8"]
        case .int4: ["int4", "i4", "nf4", "fp4"]
        case .int2: ["int2", "i2"]
        case .binary: ["binary", "int1", "1bit"]
        }
    }

    public var name: String { spellings[0] }

    /// Storage bits. TF32 is a compute format stored in 32 bits.
    public var precision: Precision {
        let bits = switch self {
        case .float64: 64
        case .float32, .tensorFloat32: 32
        case .bfloat16, .float16: 16
        case .float8, .int8, .uint8: 8
        case .int4: 4
        case .int2: 2
        case .binary: 1
        }
        return Precision(bits: bits) ?? .float32
    }

    /// The type whose name `Precision.description` prints for its width.
    var isCanonical: Bool {
        switch self {
        case .float64, .float32, .float16, .int8, .int4, .int2, .binary: true
        case .tensorFloat32, .bfloat16, .float8, .uint8: false
        }
    }

    public init?(name: Substring) {
        let lowered = name.lowercased()
        guard let type = DataType.allCases.first(where: { $0.spellings.contains(lowered) }) else { return nil }
        self = type
    }

    /// Every accepted spelling, for a suggestion.
    public static var allSpellings: [String] { allCases.flatMap(\.spellings) }
}

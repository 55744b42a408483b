import TissueNumerics

/// A fraction as the user wrote it (`0.25`), kept three ways: the text, the exact decimal
/// `numerator / 10^digits`, and the binary floating-point value a Python library reads from the
/// same digits. Torch-Pruning and `torch.nn.utils.prune` compute their counts in floating point,
/// so the rules that reproduce them use ``value``; tissue's own rules use the exact form.
public struct Fraction: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    /// The digits without the point: `25` for `0.25`.
    public let numerator: Int
    /// `10^decimals`: `100` for `0.25`.
    public let denominator: Int
    /// `Double(text)`, as `float("0.25")` in Python.
    public let value: Double

    /// Most digits after the point (so that `numerator · n` stays far from overflow).
    public static let maximumDecimals = 9

    /// `DIGITS` or `DIGITS.DIGITS` in ASCII, at most ``maximumDecimals`` decimals, at most 1.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 3,
              whole.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.count <= Self.maximumDecimals,
              fraction.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }),
              let numerator = Int(whole + fraction), let value = Double(text) else { return nil }
        var denominator = 1
        for _ in 0..<fraction.count { denominator *= 10 }
        guard numerator <= denominator else { return nil }
        self.text = text
        self.numerator = numerator
        self.denominator = denominator
        self.value = value
    }

    public var description: String { text }
    public var isZero: Bool { numerator == 0 }
    public var isOne: Bool { numerator == denominator }

    /// `⌊self · n⌋`, exactly.
    public func floor(times n: Int) throws(Checked.Overflow) -> Int {
        try Checked.multiply(numerator, n) / denominator
    }

    /// `⌈self · n⌉`, exactly.
    public func ceiling(times n: Int) throws(Checked.Overflow) -> Int {
        let product = try Checked.multiply(numerator, n)
        return product / denominator + (product % denominator == 0 ? 0 : 1)
    }

    /// `1 − self` as exact numerator over the same denominator.
    public var complementNumerator: Int { denominator - numerator }
}

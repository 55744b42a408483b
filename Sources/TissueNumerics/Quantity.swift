/// Exact decimal quantities with SI suffixes: `11.2M` is 11 200 000, `1.01k` is 1010. Only ASCII
/// digits count as digits, and every step is overflow-checked.
public enum Quantity {
    public static let suffixes: [(String, Int)] = [("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000),
                                                   ("T", 1_000_000_000_000)]

    /// `digits` like `11.2`, `suffix` one of k, M, G, T or empty; nil on overflow, a character that
    /// is not an ASCII digit, or a bad suffix. The result is floored to an integer.
    public static func parse(digits: String, suffix: String) -> Int? {
        var multiplier = 1
        if !suffix.isEmpty {
            guard let entry = suffixes.first(where: { $0.0 == suffix }) else { return nil }
            multiplier = entry.1
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first, !first.isEmpty, let whole = integer(first) else { return nil }
        var fraction = 0, scale = 1
        if parts.count == 2 {
            for scalar in parts[1].unicodeScalars {
                guard let d = digit(scalar) else { return nil }
                // Digits beyond what a 64-bit fraction can hold cannot change a floored count.
                guard let f = try? Checked.add(try Checked.multiply(fraction, 10), d),
                      let s = try? Checked.multiply(scale, 10) else { break }
                fraction = f
                scale = s
            }
        }
        guard let w = try? Checked.multiply(whole, multiplier) else { return nil }
        // Both are powers of ten, and fraction < scale: ⌊fraction·multiplier/scale⌋ exactly,
        // without forming the product.
        let part = multiplier >= scale ? fraction * (multiplier / scale) : fraction / (scale / multiplier)
        return try? Checked.add(w, part)
    }

    /// Parses a whole quantity string such as `11.2M` (for command-line flags).
    public static func parse(_ text: String) -> Int? {
        let number = text.unicodeScalars.prefix { digit($0) != nil || $0 == "." || $0 == "_" }
        let digits = String(String.UnicodeScalarView(number)).filter { $0 != "_" }
        guard !digits.isEmpty else { return nil }
        let suffix = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(number.count)))
        return parse(digits: digits, suffix: suffix)
    }

    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        scalar.value >= 48 && scalar.value <= 57 ? Int(scalar.value - 48) : nil
    }

    static func integer(_ text: Substring) -> Int? {
        var value = 0
        for scalar in text.unicodeScalars {
            guard let d = digit(scalar), let next = try? Checked.add(try Checked.multiply(value, 10), d) else { return nil }
            value = next
        }
        return value
    }
}

/// The one formatter for every number shown to a user: counts with SI suffixes, fixed decimals,
/// percentages. Safe for any input: a non-finite value reads `-`, and a magnitude too large for
/// an `Int` is written in Swift's exponent form instead of trapping.
public enum NumberFormat {
    /// Four significant digits with an SI suffix, e.g. `11.17M`, `556.7M`, `1.728k`; counts below
    /// 1000 stay exact.
    public static func si(_ value: Int) -> String {
        if value < 0 { return "-" + si(value == Int.min ? Int.max : -value) }
        if value < 1000 { return String(value) }
        return scaled(value, base: 1000, suffixes: ["k", "M", "G", "T", "P", "E"])
    }

    /// A size in bytes with four significant digits: `246.8 kB`, `44.70 MB` (powers of 1000) or
    /// `241.0 KiB`, `42.63 MiB` (powers of 1024); sizes below the first step stay exact (`832 B`).
    public static func bytes(_ value: Int, _ units: ByteUnits = .si) -> String {
        if value < 0 { return "-" + bytes(value == Int.min ? Int.max : -value, units) }
        if value < (units == .si ? 1000 : 1024) { return "\(value) B" }
        switch units {
        case .si: return scaled(value, base: 1000, suffixes: [" kB", " MB", " GB", " TB", " PB", " EB"])
        case .iec: return scaled(value, base: 1024, suffixes: [" KiB", " MiB", " GiB", " TiB", " PiB", " EiB"])
        }
    }

    /// `value / base^k` with four significant digits and the k-th suffix, for the smallest k ≥ 1
    /// that leaves less than 1000 (`value` ≥ 1000).
    private static func scaled(_ value: Int, base: Double, suffixes: [String]) -> String {
        var scaled = Double(value) / base
        var index = 0
        while scaled >= 999.95, index < suffixes.count - 1 {
            scaled /= base
            index += 1
        }
        // Four significant digits: 1.234, 12.34, 123.4.
        let decimals = scaled >= 100 ? 1 : scaled >= 10 ? 2 : 3
        return fixed(scaled, decimals: decimals) + suffixes[index]
    }

    /// How tables print a count: exact integers for machines (CSV), SI-suffixed for people.
    public static func count(exact: Bool) -> (Int) -> String {
        exact ? { (value: Int) in value.description } : { si($0) }
    }

    /// `part` as a percentage of `whole` with one decimal (`77.6%`), or `—` when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? fixed(100 * Double(part) / Double(whole), decimals: 1) + "%" : "—"
    }

    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        // Beyond 10¹⁵ the digits below the point are noise and `Int` may not hold the value.
        guard abs(value) < 1e15 else { return "\(value)" }
        let decimals = max(decimals, 0)
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(value) * factor).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return "\(value)" }
        let whole = Int(scaled / factor)
        let fraction = Int(scaled - Double(whole) * factor)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}

/// How byte sizes are shown (`--units`): SI prefixes (kB = 1000 B, MB = 10⁶ B, as torchinfo
/// prints) or IEC binary prefixes (KiB = 1024 B, MiB = 2²⁰ B).
public enum ByteUnits: String, Sendable, CaseIterable {
    case si, iec
}

import TissueNumerics

/// One axis of a chart: its label, linear or logarithmic scale, and the values it must show.
/// The range is fitted to the data with a margin and widened to round tick values.
public struct ChartAxis: Sendable, Hashable {
    public enum Scale: String, Sendable, Hashable {
        case linear, log
        /// Logarithmic when all values are positive and span more than a factor of 30.
        case automatic
    }

    public var label: String
    public var scale: Scale
    /// Values the range must include besides the data (CE = 1 on a CE/SE chart).
    public var includes: [Double]
    /// Start a linear axis at zero when all values are positive (bar charts).
    public var fromZero: Bool

    public init(_ label: String, scale: Scale = .linear, includes: [Double] = [], fromZero: Bool = false) {
        self.label = label
        self.scale = scale
        self.includes = includes
        self.fromZero = fromZero
    }

    /// The axis fitted to `values`: range, ticks and their labels.
    func resolve(_ values: [Double]) -> ResolvedAxis {
        let data = (values + includes).filter(\.isFinite)
        var lo = data.min() ?? 0, hi = data.max() ?? 1
        let log = lo > 0 && (scale == .log || (scale == .automatic && hi / lo > 30))
        if log {
            return ResolvedAxis.logarithmic(lo: lo, hi: hi)
        }
        if fromZero, lo > 0 { lo = 0 }
        if hi == lo {
            let pad = hi == 0 ? 1 : abs(hi) * 0.1
            lo -= pad
            hi += pad
        } else if !fromZero {
            let pad = (hi - lo) * 0.08
            // Counts and percentages are never negative: do not pad below zero.
            lo = lo >= 0 ? max(0, lo - pad) : lo - pad
            hi += pad
        }
        return ResolvedAxis.linear(lo: lo, hi: hi)
    }
}

/// An axis with a concrete range: maps values to [0, 1] and lists its ticks.
struct ResolvedAxis: Sendable {
    var lo: Double
    var hi: Double
    var isLog: Bool
    var ticks: [(value: Double, label: String)]

    /// 0 at `lo`, 1 at `hi`.
    func fraction(_ value: Double) -> Double {
        if isLog {
            let l = ChartMath.log10(lo), h = ChartMath.log10(hi)
            return h == l ? 0.5 : (ChartMath.log10(max(value, lo)) - l) / (h - l)
        }
        return hi == lo ? 0.5 : (value - lo) / (hi - lo)
    }

    /// Round ticks every 1, 2, 2.5 or 5 × 10ⁿ, about five of them; the range snaps to them.
    static func linear(lo: Double, hi: Double) -> ResolvedAxis {
        let step = ChartMath.niceStep((hi - lo) / 5)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let decimals = ChartMath.decimals(for: step)
        var ticks: [(Double, String)] = []
        var k = first
        while k <= last, ticks.count < 50 {
            let value = k * step
            ticks.append((value, Self.label(value, decimals: decimals)))
            k += 1
        }
        return ResolvedAxis(lo: first * step, hi: last * step, isLog: false, ticks: ticks)
    }

    /// Ticks at 1, 2 and 5 × 10ⁿ; the range snaps outwards to the nearest such value.
    static func logarithmic(lo: Double, hi: Double) -> ResolvedAxis {
        let candidates = ChartMath.logTicks(from: lo / 1.15, to: hi * 1.15)
        let start = candidates.last { $0 <= lo / 1.15 } ?? candidates.first ?? lo
        let end = candidates.first { $0 >= hi * 1.15 } ?? candidates.last ?? hi
        let ticks = candidates.filter { $0 >= start && $0 <= end }
        return ResolvedAxis(lo: start, hi: end, isLog: true,
                            ticks: ticks.map { ($0, label($0, decimals: ChartMath.decimals(for: $0))) })
    }

    static func label(_ value: Double, decimals: Int) -> String {
        let text = NumberFormat.fixed(value, decimals: decimals)
        return text.hasPrefix("-") && text.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }
}

/// The little arithmetic the charts need, without Foundation: powers of ten and log10.
enum ChartMath {
    /// 10ⁿ for an integer n.
    static func power10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n >= 0 ? result : 1 / result
    }

    /// ⌊log10 x⌋ for x > 0.
    static func exponent(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var e = 0
        var m = x
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }

    /// log10 x for x > 0: the decimal exponent plus ln(m)/ln(10) for the mantissa m ∈ [1, 10),
    /// with ln(m) = 2·atanh((m−1)/(m+1)) summed to double precision.
    static func log10(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 0 }
        let e = exponent(x)
        let m = x / power10(e)
        return Double(e) + ln(m) / ln10
    }

    static let ln10 = 2.302585092994046

    static func ln(_ m: Double) -> Double {
        let z = (m - 1) / (m + 1), z2 = z * z
        var power = z, sum = 0.0, k = 1.0
        while k < 400 {
            let term = power / k
            if abs(term) < 1e-18 { break }
            sum += term
            power *= z2
            k += 2
        }
        return 2 * sum
    }

    /// The smallest of 1, 2, 2.5, 5, 10 × 10ⁿ that is at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = power10(exponent(rough))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= rough * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Decimals that show a step (or tick) of this size exactly: 0.25 → 2, 5 → 0.
    static func decimals(for step: Double) -> Int {
        for d in 0...8 {
            let scaled = step * power10(d)
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
        }
        return 8
    }

    /// 1, 2, 5 × 10ⁿ covering [lo, hi], one step beyond at each end.
    static func logTicks(from lo: Double, to hi: Double) -> [Double] {
        var ticks: [Double] = []
        var e = exponent(lo) - 1
        while ticks.count < 60 {
            for factor in [1.0, 2.0, 5.0] {
                let value = factor * power10(e)
                ticks.append(value)
            }
            if power10(e) > hi { break }
            e += 1
        }
        return ticks
    }
}

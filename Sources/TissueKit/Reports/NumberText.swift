/// Decimal text for any Double a comparison can produce. ``QuantityFormatter/fixed(_:decimals:)``
/// goes through `Int`, so numbers from hostile input (a 30-digit count, a ratio of 10³⁰) are
/// written in Swift's own exponent form instead of trapping; non-finite values never reach here
/// (metrics return reasons), but would read "-".
enum NumberText {
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        guard abs(value) < 1e15 else { return "\(value)" }
        return QuantityFormatter.fixed(value, decimals: decimals)
    }
}

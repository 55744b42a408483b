/// Overflow-checked integer arithmetic. Counts in `tissue` are exact `Int`s (64-bit); an
/// overflow must surface as an error that names the layer, never as a trap or a wrapped value.
public enum Checked {
    public struct Overflow: Error, Sendable {
        public init() {}
    }

    @inline(__always)
    public static func add(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        if o { throw Overflow() }
        return r
    }

    @inline(__always)
    public static func subtract(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, o) = a.subtractingReportingOverflow(b)
        if o { throw Overflow() }
        return r
    }

    @inline(__always)
    public static func multiply(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o { throw Overflow() }
        return r
    }

    /// The product of all factors (1 for none).
    public static func product(_ factors: [Int]) throws(Overflow) -> Int {
        var result = 1
        for factor in factors { result = try multiply(result, factor) }
        return result
    }

    /// The product of all factors (1 for none).
    public static func product(_ factors: Int...) throws(Overflow) -> Int {
        try product(factors)
    }

    /// The sum of all terms (0 for none).
    public static func sum(_ terms: [Int]) throws(Overflow) -> Int {
        var result = 0
        for term in terms { result = try add(result, term) }
        return result
    }
}

/// Typed access to a node's attributes with the defaults of the operator spec.
/// Every integer read from a file (an attribute, a dimension, a shape constant) is clamped to
/// ±2³¹ before any arithmetic, so a product of two cannot overflow; longer products go through
/// ``checkedProduct(_:)``. INT64_MAX as Slice's "to the end" stays beyond any real size.
let integerBound = 1 << 31

func bounded(_ value: Int64) -> Int { Int(max(min(value, Int64(integerBound)), -Int64(integerBound))) }

/// The product of dimensions, or a failure when it does not fit.
func checkedProduct(_ values: some Sequence<Int>) throws(NodeFailure) -> Int {
    var result = 1
    for value in values {
        let (product, overflow) = result.multipliedReportingOverflow(by: value)
        guard !overflow else { throw .problem(.constantTooLarge(Int.max)) }
        result = product
    }
    return result
}

extension ONNXNode {
    func int(_ name: String, default value: Int) -> Int {
        guard let attribute = attribute(name) else { return value }
        return bounded(attribute.int)
    }

    func float(_ name: String, default value: Float) -> Float {
        attribute(name)?.float ?? value
    }

    func ints(_ name: String) -> [Int]? {
        attribute(name).map { $0.ints.map(bounded) }
    }

    func string(_ name: String, default value: String) -> String {
        attribute(name)?.string ?? value
    }
}

/// An axis in `-rank..<rank` made non-negative; nil when out of range.
func normalizedAxis(_ axis: Int, rank: Int) -> Int? {
    let result = axis < 0 ? axis + rank : axis
    return result >= 0 && result < rank ? result : nil
}

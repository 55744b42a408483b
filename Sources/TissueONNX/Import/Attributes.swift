/// Typed access to a node's attributes with the defaults of the operator spec.
extension ONNXNode {
    func int(_ name: String, default value: Int) -> Int {
        guard let attribute = attribute(name) else { return value }
        return Int(clamping: attribute.int)
    }

    func float(_ name: String, default value: Float) -> Float {
        attribute(name)?.float ?? value
    }

    func ints(_ name: String) -> [Int]? {
        attribute(name).map { $0.ints.map { Int(clamping: $0) } }
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

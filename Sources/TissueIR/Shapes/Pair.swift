/// A (height, width) pair of sizes: a kernel, a stride, a padding or a dilation.
public struct Pair: Sendable, Hashable, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(square: Int) {
        self.init(square, square)
    }

    public static let one = Pair(1, 1)
    public static let zero = Pair(0, 0)

    public var isSquare: Bool { height == width }
    /// `height·width`, saturated at `Int.max` rather than trapping: for comparisons and work
    /// estimates (a pooling window may be larger than its input in ceil mode); counts multiply
    /// the sides with `Checked.multiply`.
    public var area: Int {
        let (area, overflow) = height.multipliedReportingOverflow(by: width)
        return overflow ? Int.max : area
    }
    /// `3` for a square pair, `1x7` otherwise.
    public var description: String { isSquare ? "\(height)" : "\(height)x\(width)" }
}

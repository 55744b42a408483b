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
    /// `height·width`, for pairs whose sides were checked when the node was built.
    public var area: Int { height * width }
    /// `3` for a square pair, `1x7` otherwise.
    public var description: String { isSquare ? "\(height)" : "\(height)x\(width)" }
}

import TissueNumerics

/// The shape of one sample's tensor, without the batch dimension:
/// `[C, H, W]` for feature maps or `[N]` for vectors.
public struct TensorShape: Sendable, Hashable, CustomStringConvertible {
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) {
        self.dimensions = dimensions
    }

    public static func image(channels: Int, height: Int, width: Int) -> TensorShape {
        TensorShape([channels, height, width])
    }

    public static func vector(_ length: Int) -> TensorShape {
        TensorShape([length])
    }

    public var isVector: Bool { dimensions.count == 1 }
    public var isImage: Bool { dimensions.count == 3 }
    /// Channels of a feature map; length of a vector (what `in` means in the language).
    public var channels: Int { dimensions.first ?? 0 }
    public var height: Int { isImage ? dimensions[1] : 1 }
    public var width: Int { isImage ? dimensions[2] : 1 }
    /// Spatial positions per channel: H·W, or 1 for a vector, overflow-checked. Cost rules use this.
    public func spatialElements() throws(Checked.Overflow) -> Int { try Checked.multiply(height, width) }

    /// H·W for a shape already known to fit in memory (its elements were counted or allocated).
    public var spatialSize: Int { height * width }

    /// Number of elements, or nil if it overflows.
    public var elementCount: Int? {
        try? Checked.product(dimensions)
    }

    public func with(channels: Int) -> TensorShape {
        var copy = self
        copy.dimensions[0] = channels
        return copy
    }

    /// `64x32x32` or `10`.
    public var description: String {
        var text = ""
        for (index, dimension) in dimensions.enumerated() {
            if index > 0 { text += "x" }
            text += String(dimension)
        }
        return text
    }
}

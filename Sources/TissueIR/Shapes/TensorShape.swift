import TissueNumerics

/// The shape of one sample's tensor, without the batch dimension, in PyTorch's order:
/// `[C, H, W]` for feature maps, `[N]` for vectors, `[N, D]` for a sequence of N tokens of
/// width D, `[H, W, C]` for Swin's channels-last maps, `[heads, N, d]` and so on.
///
/// The layout says which axis holds the features, the one that `linear`, `layernorm`,
/// `softmax` and the channel operations act on: the first (`.channelsFirst`, maps and vectors)
/// or the last (`.channelsLast`, tokens and anything a transformer makes). A vector is always
/// channels-first, so that a vector compares equal however it was made.
public struct TensorShape: Sendable, Hashable, CustomStringConvertible {
    public enum Layout: Sendable, Hashable {
        /// Features first: `C×H×W` maps, vectors.
        case channelsFirst
        /// Features last: `N×D` tokens, `H×W×C` channels-last maps, `heads×N×d`.
        case channelsLast
    }

    public private(set) var dimensions: [Int]
    public private(set) var layout: Layout

    public init(_ dimensions: [Int], layout: Layout = .channelsFirst) {
        self.dimensions = dimensions
        self.layout = dimensions.count <= 1 ? .channelsFirst : layout
    }

    /// `N×D` tokens (or any channels-last shape).
    public static func tokens(_ dimensions: [Int]) -> TensorShape {
        TensorShape(dimensions, layout: .channelsLast)
    }

    public static func image(channels: Int, height: Int, width: Int) -> TensorShape {
        TensorShape([channels, height, width])
    }

    public static func vector(_ length: Int) -> TensorShape {
        TensorShape([length])
    }

    public var isVector: Bool { dimensions.count == 1 }
    /// A channels-first `C×H×W` map, what convolutions and pools take.
    public var isImage: Bool { dimensions.count == 3 && layout == .channelsFirst }
    /// A channels-last tensor of rank 2 or more (tokens).
    public var isChannelsLast: Bool { layout == .channelsLast }
    /// The size of the feature axis: channels of a map, length of a vector, width of a token
    /// (what `in` means in the language).
    public var channels: Int {
        switch layout {
        case .channelsFirst: dimensions.first ?? 0
        case .channelsLast: dimensions.last ?? 0
        }
    }
    public var height: Int { isImage ? dimensions[1] : 1 }
    public var width: Int { isImage ? dimensions[2] : 1 }
    /// The axes other than the feature axis: `H, W` of a map, `N` of tokens, none of a vector.
    public var positionDimensions: ArraySlice<Int> {
        switch layout {
        case .channelsFirst: dimensions.dropFirst()
        case .channelsLast: dimensions.dropLast()
        }
    }
    /// Positions per feature: H·W of a map, the tokens of a sequence, 1 for a vector,
    /// overflow-checked. Cost rules use this.
    public func spatialElements() throws(Checked.Overflow) -> Int { try Checked.product(Array(positionDimensions)) }

    /// Positions for a shape already known to fit in memory (its elements were counted or allocated).
    public var spatialSize: Int { positionDimensions.reduce(1, *) }

    /// Number of elements, or nil if it overflows.
    public var elementCount: Int? {
        try? Checked.product(dimensions)
    }

    /// The same shape with another size of the feature axis.
    public func with(channels: Int) -> TensorShape {
        var copy = self
        switch layout {
        case .channelsFirst: copy.dimensions[0] = channels
        case .channelsLast: copy.dimensions[dimensions.count - 1] = channels
        }
        return copy
    }

    /// The same dimensions in another layout (vectors stay channels-first).
    public func with(layout: Layout) -> TensorShape { TensorShape(dimensions, layout: layout) }

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

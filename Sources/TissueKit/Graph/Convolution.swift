/// A 2-D convolution, as `nn.Conv2d(inChannels, outChannels, kernel, stride, padding,
/// dilation, groups, bias)`. Sizes are (height, width) pairs.
public struct Convolution: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: Pair
    public var stride: Pair
    public var padding: Pair
    public var dilation: Pair
    public var groups: Int
    public var bias: Bool

    public init(inChannels: Int, outChannels: Int, kernel: Pair, stride: Pair = .one, padding: Pair = .zero,
                dilation: Pair = .one, groups: Int = 1, bias: Bool = true) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.bias = bias
    }

    /// One filter per input channel (possibly with a channel multiplier).
    public var isDepthwise: Bool { groups > 1 && groups == inChannels && outChannels % inChannels == 0 }
}

/// A (height, width) pair of sizes, written `A` or `AxB` in the language.
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

    public var area: Int { height * width }
    public var description: String { height == width ? "\(height)" : "\(height)x\(width)" }
}

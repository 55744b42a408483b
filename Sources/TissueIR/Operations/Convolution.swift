import TissueNumerics

/// A 2-D convolution, as `nn.Conv2d(in, out, kernel, stride, padding, dilation, groups, bias)`.
///
/// The input width is not stored: it is the producer's output, so a rewrite that changes a
/// width upstream needs no edit here. ``resolved(inChannels:)`` gives the full geometry.
public struct Convolution: Sendable, Hashable {
    /// How the filters cover the input channels.
    public enum Filters: Sendable, Hashable {
        /// `outChannels` filters over `groups` equal groups of input channels (`nn.Conv2d(groups=)`).
        case grouped(outChannels: Int, groups: Int)
        /// One group per input channel with `multiplier` filters each:
        /// `groups = in`, `out = multiplier·in` (a depthwise convolution).
        case depthwise(multiplier: Int)
    }

    public var filters: Filters
    public var kernel: Pair
    public var stride: Pair
    public var padding: Pair
    public var dilation: Pair
    public var bias: Bool

    public init(filters: Filters, kernel: Pair, stride: Pair = .one, padding: Pair = .zero, dilation: Pair = .one,
                bias: Bool = true) {
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.bias = bias
    }

    /// `nn.Conv2d` with `outChannels` filters in `groups` groups.
    public init(outChannels: Int, kernel: Pair, stride: Pair = .one, padding: Pair = .zero, dilation: Pair = .one,
                groups: Int = 1, bias: Bool = true) {
        self.init(filters: .grouped(outChannels: outChannels, groups: groups), kernel: kernel, stride: stride,
                  padding: padding, dilation: dilation, bias: bias)
    }

    /// The geometry on an input of `inChannels` channels.
    public func resolved(inChannels: Int) throws(Checked.Overflow) -> Resolved {
        switch filters {
        case .grouped(let out, let groups):
            return Resolved(inChannels: inChannels, outChannels: out, kernel: kernel, stride: stride, padding: padding,
                            dilation: dilation, groups: groups, bias: bias)
        case .depthwise(let multiplier):
            return Resolved(inChannels: inChannels, outChannels: try Checked.multiply(inChannels, multiplier),
                            kernel: kernel, stride: stride, padding: padding, dilation: dilation, groups: inChannels,
                            bias: bias)
        }
    }

    /// A convolution with every width known: what kernels and cost rules work on.
    public struct Resolved: Sendable, Hashable {
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

        /// One filter group per input channel (possibly with a channel multiplier), as reports
        /// name it `dwconv` however it was written.
        public var isDepthwise: Bool { groups > 1 && groups == inChannels && outChannels % inChannels == 0 }
    }
}

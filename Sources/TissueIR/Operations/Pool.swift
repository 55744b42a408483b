/// Max or average pooling, as `nn.MaxPool2d` / `nn.AvgPool2d` (stride defaults to the kernel;
/// average pooling counts padding in the divisor, PyTorch's default).
public struct Pool: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case max, average }

    public var kind: Kind
    public var kernel: Pair
    public var stride: Pair
    public var padding: Pair
    /// PyTorch's `ceil_mode`.
    public var ceil: Bool

    public init(kind: Kind, kernel: Pair, stride: Pair? = nil, padding: Pair = .zero, ceil: Bool = false) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
        self.ceil = ceil
    }
}

import TissueNumerics

/// How many scales (and zero points) a quantized weight matrix carries: one for the tensor, one
/// per output channel (row), or one per group of G consecutive weights in a row (GPTQ/AWQ's
/// `group_size`), a last partial group included.
public enum QuantizationScale: Sendable, Hashable {
    case tensor, channel
    case group(Int)

    public var name: String {
        switch self {
        case .tensor: "tensor"
        case .channel: "channel"
        case .group(let size): "group:\(size)"
        }
    }

    /// The names `scale=` accepts.
    public static let names = ["tensor", "channel", "group:G"]

    /// Scales of a matrix: 1, R, or R·⌈C/G⌉.
    public func count(_ matrix: WeightMatrix) throws(Checked.Overflow) -> Int {
        switch self {
        case .tensor: 1
        case .channel: matrix.rows
        case .group(let size): try Checked.multiply(matrix.rows, (matrix.columns + size - 1) / size)
        }
    }
}

import TissueBudgets
import TissueMetrics

/// The columns a comparison table can show. Names are what table specs and `--columns` accept.
public enum ComparisonColumn: String, Sendable, CaseIterable, Hashable {
    case model, method, dataset
    case acc
    case accChange = "acc-change"
    case flops, params
    case flopsKept = "flops-kept"
    case flopsSaved = "flops-saved"
    case paramsKept = "params-kept"
    case paramsSaved = "params-saved"
    case speedUp = "speed-up"
    case compression
    case ce, se
    case accForCE = "acc-for-ce"
    case accForSE = "acc-for-se"
    /// Parameters that are not zero (`tissue compress`: params less the weights sparsity zeroes).
    case nonzero
    /// Dense multiply-accumulates, and those left once zero weights are skipped.
    case macs
    case effectiveMACs = "effective-macs"
    /// Bytes of the stored weights and of the activations, at their precisions and formats.
    case weightBytes = "weight-bytes"
    case activationBytes = "activation-bytes"
    /// Weight bytes of the baseline ÷ the row's: the compression ratio of the stored model.
    case weightCompression = "weight-compression"

    /// The paper's Tables 2–4: Model | Method | Acc | FLOPs | Params | CE | SE.
    public static let paper: [ComparisonColumn] = [.model, .method, .acc, .flops, .params, .ce, .se]

    /// `tissue compare`'s default: every figure a reader weighing one candidate wants.
    public static let compare: [ComparisonColumn] = [
        .method, .acc, .accChange, .flops, .params, .flopsSaved, .paramsSaved, .speedUp, .ce, .se, .accForCE, .accForSE,
    ]

    /// `tissue compress`'s default: the counts of every family side by side, what each keeps and
    /// its compression of the stored weights; accuracy, CE and SE when accuracies are given; the
    /// activations' bytes when a method quantizes them.
    public static func compress(accuracies: Bool, activations: Bool) -> [ComparisonColumn] {
        [.method, .params, .nonzero, .macs, .effectiveMACs, .flops, .weightBytes]
            + (activations ? [.activationBytes] : [])
            + [.paramsKept, .flopsKept, .weightCompression]
            + (accuracies ? [.acc, .ce, .se] : [])
    }

    /// Text columns are left-aligned; numbers right-aligned.
    public var isText: Bool { self == .model || self == .method || self == .dataset }

    /// The resource a column is about, for the unit in its title.
    var resource: Measure? {
        switch self {
        case .flops, .flopsKept, .flopsSaved, .speedUp, .ce, .accForCE, .macs, .effectiveMACs: .flops
        case .params, .paramsKept, .paramsSaved, .compression, .se, .accForSE, .nonzero: .params
        case .acc, .accChange: .accuracy
        case .model, .method, .dataset, .weightBytes, .activationBytes, .weightCompression: nil
        }
    }
}

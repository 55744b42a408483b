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

    /// The paper's Tables 2–4: Model | Method | Acc | FLOPs | Params | CE | SE.
    public static let paper: [ComparisonColumn] = [.model, .method, .acc, .flops, .params, .ce, .se]

    /// `tissue compare`'s default: every figure a reader weighing one candidate wants.
    public static let compare: [ComparisonColumn] = [
        .method, .acc, .accChange, .flops, .params, .flopsSaved, .paramsSaved, .speedUp, .ce, .se, .accForCE, .accForSE,
    ]

    /// Text columns are left-aligned; numbers right-aligned.
    public var isText: Bool { self == .model || self == .method || self == .dataset }

    /// The resource a column is about, for the unit in its title.
    var resource: Measure? {
        switch self {
        case .flops, .flopsKept, .flopsSaved, .speedUp, .ce, .accForCE: .flops
        case .params, .paramsKept, .paramsSaved, .compression, .se, .accForSE: .params
        case .acc, .accChange: .accuracy
        case .model, .method, .dataset: nil
        }
    }
}

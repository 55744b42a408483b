/// The operations a layer statement can name, with the attributes each accepts.
///
/// Hyperparameter names follow the language reference (`docs/language.md`); defaults are
/// PyTorch's / MLX's (stride 1, no padding, dilation 1, one group, bias on).
public enum LayerKeyword: String, Sendable, CaseIterable {
    case conv, dwconv, linear, bn
    case relu, relu6, leakyrelu, sigmoid, tanh, hswish, hsigmoid, silu, gelu, softmax
    case dropout, flatten, gap, maxpool, avgpool, shuffle

    /// What the positional value means, if the operation takes one.
    public enum Positional: Sendable {
        case required(String)
        case none
    }

    public var positional: Positional {
        switch self {
        case .conv: .required("output channels")
        case .linear: .required("output features")
        default: .none
        }
    }

    /// Accepted `key=value` attributes, in the order the reference lists them.
    public var attributes: [String] {
        switch self {
        case .conv: ["k", "s", "p", "d", "g", "bias"]
        case .dwconv: ["k", "s", "p", "d", "m", "bias"]
        case .linear: ["bias"]
        case .maxpool, .avgpool: ["k", "s", "p", "ceil"]
        case .shuffle: ["g"]
        case .bn, .relu, .relu6, .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid, .silu, .gelu, .softmax,
             .dropout, .flatten, .gap:
            []
        }
    }

    /// The attribute a PyTorch-style long name means (`stride` → `s`), if this operation has it.
    public func attribute(forSynonym word: String) -> String? {
        let synonyms = ["kernel": "k", "kernel_size": "k", "stride": "s", "padding": "p", "dilation": "d",
                        "groups": "g", "multiplier": "m", "ceil_mode": "ceil"]
        let key = synonyms[word.lowercased()] != nil ? word.lowercased()
            : Suggestion.closest(to: word.lowercased(), among: synonyms.keys.sorted())
        guard let key, let short = synonyms[key], attributes.contains(short) else { return nil }
        return short
    }

    public var requiredAttributes: [String] {
        switch self {
        case .conv, .dwconv, .maxpool, .avgpool: ["k"]
        case .shuffle: ["g"]
        default: []
        }
    }
}

/// Words that start statements other than layers; they cannot name blocks or units.
public enum Keyword: String, Sendable, CaseIterable {
    case model, input, accuracy, dataset, budget, block, unit
    case residual, shortcut, concat, `repeat`, stack
    case `in`, `true`, `false`, same
}

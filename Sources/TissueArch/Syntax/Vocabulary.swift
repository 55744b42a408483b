import TissueDiagnostics
import TissueIR

/// The `.arch` words for operations. A layer statement's keyword is the operation's name in the
/// IR's table (``OperationKind``); this file says which of them are written as layer statements
/// and which attributes each accepts.
///
/// Hyperparameter names follow the language reference (`docs/language.md`); defaults are
/// PyTorch's (stride 1, no padding, dilation 1, one group, bias on).
extension OperationKind {
    /// Whether the operation is written as a layer statement. `add`, `concat`, `mul` and `matmul`
    /// are written as the composites `residual { } shortcut { }`, `concat { } { }`, `scale { }`
    /// and `matmul { } { }`.
    public var isLayerStatement: Bool {
        switch self {
        case .conv, .dwconv, .linear, .bn, .relu, .relu6, .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid, .silu, .gelu,
             .softmax, .dropout, .flatten, .gap, .maxpool, .avgpool, .shuffle, .layerscale, .layernorm, .groupnorm,
             .adaptiveavgpool, .mean, .droppath, .tokens, .channelslast, .channelsfirst, .transpose, .classtoken, .posembed,
             .select, .embedding, .mha, .attention, .windowattention, .patchmerge:
            true
        case .add, .concat, .mul, .matmul:
            false
        }
    }

    /// The operations written as layer statements, in table order.
    public static var layerKeywords: [OperationKind] { allCases.filter(\.isLayerStatement) }

    /// The layer statement for `word`, if it is one.
    public init?(keyword word: String) {
        guard let kind = Self.layerStatements[word] else { return nil }
        self = kind
    }

    /// Layer keywords by name: one hash lookup per word read.
    private static let layerStatements = Dictionary(uniqueKeysWithValues: layerKeywords.map { ($0.rawValue, $0) })

    /// What the positional value means, if the operation takes one.
    public enum Positional: Sendable {
        case required(String)
        case none
    }

    public var positional: Positional {
        switch self {
        case .conv: .required("output channels")
        case .linear: .required("output features")
        case .embedding: .required("vocabulary size")
        case .dwconv, .bn, .relu, .relu6, .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid, .silu, .gelu, .softmax,
             .dropout, .flatten, .gap, .maxpool, .avgpool, .shuffle, .add, .concat, .mul, .layerscale, .layernorm,
             .groupnorm, .adaptiveavgpool, .mean, .droppath, .tokens, .channelslast, .channelsfirst, .transpose, .classtoken,
             .posembed, .select, .mha, .attention, .windowattention, .matmul, .patchmerge:
            .none
        }
    }

    /// Accepted `key=value` attributes, in the order the reference lists them.
    public var attributes: [String] {
        switch self {
        case .conv: ["k", "s", "p", "d", "g", "bias"]
        case .dwconv: ["k", "s", "p", "d", "m", "bias"]
        case .linear: ["bias", "tied"]
        case .embedding: ["d"]
        case .posembed: ["n", "lookup"]
        case .select: ["i"]
        case .mha: ["heads", "bias"]
        case .attention: ["heads", "causal", "sdpa", "bias"]
        case .windowattention: ["heads", "window", "shift", "bias"]
        case .maxpool, .avgpool: ["k", "s", "p", "ceil"]
        case .shuffle, .groupnorm: ["g"]
        case .adaptiveavgpool: ["k"]
        case .mean: ["keepdim"]
        case .bn, .relu, .relu6, .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid, .silu, .gelu, .softmax,
             .dropout, .flatten, .gap, .add, .concat, .mul, .layerscale, .layernorm, .droppath, .tokens, .channelslast,
             .channelsfirst, .transpose, .classtoken, .matmul, .patchmerge:
            []
        }
    }

    /// Whether `fn` may follow: PyTorch calls the operation as a function (`F.relu(x)`), which
    /// module-hook tools see differently (``CallForm``). Every layer statement takes it.
    public var acceptsFunctionForm: Bool { isLayerStatement }

    /// The attribute a PyTorch-style long name means (`stride` → `s`), if this operation has it.
    public func attribute(forSynonym word: String) -> String? {
        let synonyms = ["kernel": "k", "kernel_size": "k", "stride": "s", "padding": "p", "dilation": "d",
                        "groups": "g", "multiplier": "m", "ceil_mode": "ceil", "num_heads": "heads", "h": "heads",
                        "window_size": "window", "shift_size": "shift", "embedding_dim": "d", "dim": "d", "width": "d",
                        "positions": "n", "index": "i", "is_causal": "causal"]
        let key = synonyms[word.lowercased()] != nil ? word.lowercased()
            : Suggestion.closest(to: word.lowercased(), among: synonyms.keys.sorted())
        guard let key, let short = synonyms[key], attributes.contains(short) else { return nil }
        return short
    }

    public var requiredAttributes: [String] {
        switch self {
        case .conv, .dwconv, .maxpool, .avgpool, .adaptiveavgpool: ["k"]
        case .shuffle, .groupnorm: ["g"]
        case .embedding: ["d"]
        case .mha, .attention: ["heads"]
        case .windowattention: ["heads", "window"]
        case .linear, .bn, .relu, .relu6, .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid, .silu, .gelu, .softmax,
             .dropout, .flatten, .gap, .add, .concat, .mul, .layerscale, .layernorm, .mean, .droppath, .tokens,
             .channelslast, .channelsfirst, .transpose, .classtoken, .posembed, .select, .matmul, .patchmerge:
            []
        }
    }
}

/// Names other tools give to what the language has (`swish` is `silu`, `dense` is `linear`), and
/// layers people ask for that it does not model: a suggestion by meaning, before any by spelling.
public enum ForeignName: Sendable {
    /// The word means this layer keyword.
    case means(String)
    /// An operation the IR does not model, described (`a transposed convolution`).
    case unmodelled(String)

    /// What `word` (any case, `_` and `-` ignored, a trailing `2d` too) means here, if known.
    public static func meaning(of word: String) -> ForeignName? {
        var key = word.lowercased().filter { $0 != "_" && $0 != "-" }
        if let entry = table[key] { return entry }
        if key.hasSuffix("2d") || key.hasSuffix("1d") { key.removeLast(2) }
        return table[key]
    }

    private static let table: [String: ForeignName] = {
        var table: [String: ForeignName] = [:]
        let synonyms: [(String, [String])] = [
            ("silu", ["swish"]), ("hswish", ["hardswish"]), ("hsigmoid", ["hardsigmoid"]),
            ("bn", ["batchnorm", "batchnormalization", "batchnormalisation"]),
            ("linear", ["dense", "fc", "fullyconnected", "innerproduct", "gemm", "matmul"]),
            ("conv", ["convolution", "conv2d"]), ("dwconv", ["depthwise", "depthwiseconv", "depthwiseconvolution"]),
            ("maxpool", ["maxpooling", "maxpool"]), ("avgpool", ["averagepool", "avgpooling", "averagepooling"]),
            ("gap", ["globalaveragepool", "globalavgpool", "globalpool", "globalaveragepooling"]),
            ("adaptiveavgpool", ["adaptiveaveragepool"]), ("layernorm", ["layernormalization"]),
            ("groupnorm", ["groupnormalization"]), ("shuffle", ["channelshuffle"]),
            ("droppath", ["stochasticdepth"]), ("leakyrelu", ["lrelu"]), ("softmax", ["logsoftmax"]),
            ("flatten", ["reshape", "view"]), ("dropout", ["dropout"]),
        ]
        for (keyword, words) in synonyms { for word in words { table[word] = .means(keyword) } }
        let unmodelled: [(String, [String])] = [
            ("a transposed convolution", ["deconv", "deconvolution", "convtranspose", "transposedconv", "convtranspose"]),
            ("upsampling", ["upsample", "upsampling", "interpolate", "resize"]),
            ("an ELU-family activation", ["elu", "selu", "celu"]),
            ("a learned-slope activation", ["prelu"]),
            ("the Mish activation", ["mish"]),
            ("a recurrent layer", ["lstm", "gru", "rnn"]),
            ("attention", ["attention", "multiheadattention", "selfattention"]),
            ("an embedding lookup", ["embedding"]),
        ]
        for (what, words) in unmodelled { for word in words { table[word] = .unmodelled(what) } }
        return table
    }()
}

/// Words that start statements other than layers; they cannot name blocks or units.
public enum Keyword: String, Sendable, CaseIterable {
    case model, input, accuracy, dataset, budget, baseline, block, unit
    case residual, shortcut, concat, `repeat`, stack, scale, matmul
    case `in`, `true`, `false`, same

    /// The keyword `word` is, if any: one hash lookup per word read.
    public init?(word: String) {
        guard let keyword = Self.byWord[word] else { return nil }
        self = keyword
    }

    private static let byWord = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

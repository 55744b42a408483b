/// The one table that names operations: each kind's name (shown in the `op` column of every
/// report, and used by the `.arch` language as its keyword) and a one-line summary with its
/// PyTorch equivalent. Adding an operation adds a row here.
public enum OperationKind: String, Sendable, Hashable, CaseIterable {
    case conv, dwconv, linear, bn
    case relu, relu6, leakyrelu, sigmoid, tanh, hswish, hsigmoid, silu, gelu, softmax
    case dropout, flatten, gap, maxpool, avgpool, shuffle
    case add, concat, mul
    case layerscale, layernorm, groupnorm, adaptiveavgpool, mean, droppath
    case tokens, channelslast, channelsfirst, transpose, classtoken, posembed, select, embedding
    case mha, attention, windowattention, matmul, patchmerge

    public var name: String { rawValue }

    public var summary: String {
        switch self {
        case .conv: "2-D convolution (nn.Conv2d)"
        case .dwconv: "depthwise convolution, one filter group per input channel (nn.Conv2d, groups=in)"
        case .linear: "fully connected layer (nn.Linear)"
        case .bn: "batch normalisation, inference form (nn.BatchNorm2d / nn.BatchNorm1d)"
        case .relu: "max(x, 0) (nn.ReLU)"
        case .relu6: "min(max(x, 0), 6) (nn.ReLU6)"
        case .leakyrelu: "x or 0.01·x (nn.LeakyReLU)"
        case .sigmoid: "1/(1+e^−x) (nn.Sigmoid)"
        case .tanh: "hyperbolic tangent (nn.Tanh)"
        case .hswish: "x·relu6(x+3)/6 (nn.Hardswish)"
        case .hsigmoid: "relu6(x+3)/6 (nn.Hardsigmoid)"
        case .silu: "x·sigmoid(x) (nn.SiLU)"
        case .gelu: "x·Φ(x) (nn.GELU)"
        case .softmax: "softmax over channels (nn.Softmax(dim=1))"
        case .dropout: "identity at inference (nn.Dropout)"
        case .flatten: "to a vector (nn.Flatten)"
        case .gap: "global average pooling to C×1×1 (nn.AdaptiveAvgPool2d(1))"
        case .maxpool: "max pooling (nn.MaxPool2d)"
        case .avgpool: "average pooling (nn.AvgPool2d)"
        case .shuffle: "channel shuffle (ShuffleNet's channel_shuffle)"
        case .add: "elementwise sum of two inputs (x + y)"
        case .concat: "concatenation along channels, or along the tokens of sequences with 'tokens' (torch.cat(dim=1))"
        case .mul: "elementwise product of two inputs, broadcast (input * gate)"
        case .layerscale: "a learned per-channel scale γ·x (ConvNeXt's layer_scale)"
        case .layernorm: "layer normalisation over channels (ConvNeXt's LayerNorm2d; nn.LayerNorm over the last axis)"
        case .groupnorm: "group normalisation (nn.GroupNorm)"
        case .adaptiveavgpool: "adaptive average pooling to k×k (nn.AdaptiveAvgPool2d(k))"
        case .mean: "the mean over H and W (x.mean([2, 3]))"
        case .droppath: "stochastic depth, identity at inference (torchvision.ops.StochasticDepth)"
        case .tokens: "a C×H×W map as H·W tokens of width C (x.flatten(2).transpose(1, 2))"
        case .channelslast: "C×H×W to channels-last H×W×C (x.permute(0, 2, 3, 1))"
        case .channelsfirst: "channels-last H×W×C to C×H×W (x.permute(0, 3, 1, 2))"
        case .transpose: "the last two axes swapped (x.transpose(-2, -1))"
        case .classtoken: "a learned token prepended to the sequence (ViT's class_token)"
        case .posembed: "a learned positional embedding added to the tokens (ViT's pos_embedding, GPT-2's wpe)"
        case .select: "one token of the sequence as a vector (x[:, i])"
        case .embedding: "token ids to vectors (nn.Embedding)"
        case .mha: "multi-head self-attention (nn.MultiheadAttention, batch_first)"
        case .attention: "multi-head self-attention by nn.Linear projections, torch.matmul and softmax (GPT-2)"
        case .windowattention: "shifted-window multi-head attention with relative position bias (Swin)"
        case .matmul: "matrix product of two activations (torch.matmul)"
        case .patchmerge: "2×2 neighbourhoods side by side, H×W×C to H/2×W/2×4C (Swin's PatchMerging)"
        }
    }
}

extension Activation {
    /// The activation's row in the table.
    public var kind: OperationKind {
        switch self {
        case .relu: .relu
        case .relu6: .relu6
        case .leakyrelu: .leakyrelu
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .hswish: .hswish
        case .hsigmoid: .hsigmoid
        case .silu: .silu
        case .gelu: .gelu
        }
    }
}

extension Pool.Kind {
    public var kind: OperationKind {
        switch self {
        case .max: .maxpool
        case .average: .avgpool
        }
    }
}

extension Operation {
    /// The operation's row in the table. A convolution is `dwconv` when it is depthwise on its
    /// input, however it was written.
    public func kind(inChannels: Int) -> OperationKind {
        switch self {
        case .convolution(let c):
            switch c.filters {
            case .depthwise: inChannels > 1 ? .dwconv : .conv
            case .grouped(let out, let groups):
                groups > 1 && groups == inChannels && out % inChannels == 0 ? .dwconv : .conv
            }
        case .linear: .linear
        case .batchNorm: .bn
        case .activation(let a): a.kind
        case .softmax: .softmax
        case .dropout: .dropout
        case .flatten: .flatten
        case .globalAveragePool: .gap
        case .pool(let p): p.kind.kind
        case .channelShuffle: .shuffle
        case .add: .add
        case .concat: .concat
        case .multiply: .mul
        case .layerScale: .layerscale
        case .layerNorm: .layernorm
        case .groupNorm: .groupnorm
        case .adaptiveAveragePool: .adaptiveavgpool
        case .mean: .mean
        case .dropPath: .droppath
        case .tokens: .tokens
        case .permute(let layout):
            switch layout {
            case .channelsFirst: .channelsfirst
            case .channelsLast: .channelslast
            }
        case .transpose: .transpose
        case .classToken: .classtoken
        case .positionEmbedding: .posembed
        case .selectToken: .select
        case .embedding: .embedding
        case .attention(let a):
            switch a.variant {
            case .multihead: .mha
            case .projected: .attention
            case .shiftedWindow: .windowattention
            }
        case .matmul: .matmul
        case .patchMerging: .patchmerge
        }
    }

    /// A short description for tables: the name plus the settings that differ from defaults,
    /// e.g. `conv 3x3 s2`, `maxpool 3x3 s2 ceil`, `shuffle g2`.
    public func summary(inChannels: Int) -> String {
        let name = kind(inChannels: inChannels).name
        switch self {
        case .convolution(let c):
            var parts = [name, "\(c.kernel.height)x\(c.kernel.width)"]
            if c.stride != .one { parts.append("s\(c.stride)") }
            if c.dilation != .one { parts.append("d\(c.dilation)") }
            if case .grouped(_, let groups) = c.filters, groups > 1, name != OperationKind.dwconv.name {
                parts.append("g\(groups)")
            }
            return parts.joined(separator: " ")
        case .pool(let p):
            var parts = [name, "\(p.kernel.height)x\(p.kernel.width)"]
            if p.stride != p.kernel { parts.append("s\(p.stride)") }
            if p.ceil { parts.append("ceil") }
            return parts.joined(separator: " ")
        case .channelShuffle(let groups), .groupNorm(let groups):
            return "\(name) g\(groups)"
        case .adaptiveAveragePool(let size):
            return "\(name) \(size.height)x\(size.width)"
        case .mean(let keep):
            return keep ? "\(name) keepdim" : name
        case .linear(let l):
            return l.tied ? "\(name) tied" : name
        case .positionEmbedding(let positions, let lookup):
            let base = positions.map { "\(name) n\($0)" } ?? name
            return lookup ? base + " lookup" : base
        case .selectToken(let index):
            return index == 0 ? name : "\(name) \(index)"
        case .embedding(let e):
            return "\(name) \(e.vocabulary)x\(e.width)"
        case .attention(let a):
            var parts = [name, "h\(a.heads)"]
            switch a.variant {
            case .multihead: break
            case .projected(let causal, let fused):
                if causal { parts.append("causal") }
                if fused { parts.append("sdpa") }
            case .shiftedWindow(let window, let shift):
                parts.append("w\(window)")
                if shift > 0 { parts.append("shift\(shift)") }
            }
            if !a.bias { parts.append("nobias") }
            return parts.joined(separator: " ")
        case .concat(.tokens):
            return "concat tokens"
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .concat(.channels), .multiply,
             .layerScale, .layerNorm, .dropPath, .tokens, .permute, .transpose, .classToken, .matmul, .patchMerging:
            return name
        }
    }
}

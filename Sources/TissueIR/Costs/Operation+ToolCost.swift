import TissueNumerics

extension Operation {
    /// MACs and FLOPs of one computation under a convention, for the way PyTorch calls it.
    /// The tools' conventions report MACs; their FLOPs are `2·MACs`.
    func cost(_ convention: Convention, _ context: OperationContext,
              form: CallForm) throws(Checked.Overflow) -> (macs: Int, flops: Int) {
        let macs: Int
        switch convention {
        case .standard: return try standardCost(context)
        case .thop: macs = form == .module ? try thopMACs(context) : 0
        case .fvcore: macs = try fvcoreMACs(context)
        case .ptflops: macs = form == .module ? try ptflopsModuleMACs(context) : try ptflopsFunctionMACs(context)
        case .torchinfo: macs = isTorchinfoLeaf(form: form) ? try torchinfoMACs(context) : 0
        }
        return (macs, try Checked.multiply(2, macs))
    }

    /// What thop 0.1.1 adds for a module (`thop/vision/basic_hooks.py`; it never sees a function):
    /// conv and linear without bias; batch norm `2·numel`, doubled when affine; `nn.LayerNorm`
    /// `4·numel`; softmax `(3n−1)` per vector; average pool one per output; adaptive average pool
    /// `int(((Hi/Ho)·(Wi/Wo) + 1)·O)` in float64; ReLU, ReLU6, LeakyReLU, max pool and dropout
    /// zero; modules it has no rule for (sigmoid, tanh, hardswish, hardsigmoid, SiLU, GELU,
    /// flatten, GroupNorm, StochasticDepth, a learned scale) and tensor operations zero.
    func thopMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c): return try context.convolutionMACs(c)
        case .linear(let l): return try context.linearMACs(l)
        case .batchNorm, .layerNorm: return try Checked.multiply(4, try context.inputElements())
        case .softmax: return try context.softmaxOperations()
        case .pool(let p): return p.kind == .average ? try context.outputElements() : 0
        case .globalAveragePool, .adaptiveAveragePool: return try context.thopAdaptivePoolOperations()
        case .attention(let a): return try a.thopMACs(on: context.input)
        case .activation, .dropout, .flatten, .channelShuffle, .add, .concat, .multiply, .layerScale, .groupNorm, .mean,
             .dropPath, .tokens, .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding, .matmul,
             .patchMerging:
            return 0
        }
    }

    /// What fvcore's `FlopCountAnalysis` adds (`fvcore/nn/jit_handles.py`, default handles); it
    /// traces aten operators, so a module and a function count alike: conv and linear
    /// multiply-accumulates without bias; batch norm in eval mode `2·numel` (affine); layer and
    /// group norm `5·numel`; adaptive average pool (global too) one per input element; every
    /// other operator (activations, pooling, `mul`, `add`, `mean`) is skipped or unsupported.
    func fvcoreMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c): return try context.convolutionMACs(c)
        case .linear(let l): return try context.linearMACs(l)
        case .batchNorm: return try Checked.multiply(2, try context.inputElements())
        case .layerNorm, .groupNorm: return try Checked.multiply(5, try context.inputElements())
        case .globalAveragePool, .adaptiveAveragePool: return try context.inputElements()
        case .matmul: return try context.matmulMACs()
        case .attention(let a): return try a.fvcoreMACs(on: context.input)
        case .activation, .softmax, .pool, .dropout, .flatten, .channelShuffle, .add, .concat, .multiply, .layerScale,
             .mean, .dropPath, .tokens, .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding,
             .patchMerging:
            return 0
        }
    }

    /// What ptflops 0.7 adds with the pytorch backend for a module (`ptflops/pytorch_ops.py`):
    /// its hook, plus the patched `torch.nn.functional` its `forward` calls, which count again.
    /// Hooks: conv and linear with their bias adds, batch norm and group norm `2·numel`
    /// (affine), `nn.LayerNorm` `numel` (it has no `affine`), ReLU-family and GELU one per
    /// output element, every pooling module one per input element. Counted twice through
    /// `F.relu`, `F.gelu`, `F.max_pool2d`, `F.avg_pool2d` and `F.adaptive_avg_pool2d`; SiLU
    /// and softmax once through their functionals only. ReLU6 and LeakyReLU call unpatched
    /// functionals (once, by their hook); sigmoid, tanh, hardswish, hardsigmoid, a learned
    /// scale, StochasticDepth and tensor operators (`+`, `*`, `mean`, `cat`) are not seen.
    func ptflopsModuleMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c):
            return try Checked.add(try context.convolutionMACs(c), c.bias ? try context.outputElements() : 0)
        case .linear(let l):
            return try Checked.add(try context.linearMACs(l), try context.linearBiasAdds(l))
        case .batchNorm, .groupNorm: return try Checked.multiply(2, try context.inputElements())
        case .matmul: return try context.matmulMACs()
        case .attention(let a): return try a.ptflopsMACs(on: context.input, form: .module)
        case .layerNorm: return try context.inputElements()
        case .activation(let a):
            switch a {
            case .relu, .gelu: return try Checked.multiply(2, try context.outputElements())
            case .relu6, .leakyrelu, .silu: return try context.outputElements()
            case .sigmoid, .tanh, .hswish, .hsigmoid: return 0
            }
        case .softmax: return try context.inputElements()
        case .pool, .globalAveragePool, .adaptiveAveragePool: return try Checked.multiply(2, try context.inputElements())
        case .dropout, .flatten, .channelShuffle, .add, .concat, .multiply, .layerScale, .mean, .dropPath, .tokens,
             .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding, .patchMerging:
            return 0
        }
    }

    /// What ptflops adds for a function call (`F.relu(x)`, `F.linear(x, w, b)`): the patched
    /// functionals count one per input element (`F.relu`, `F.relu6`, `F.gelu`, `F.silu`,
    /// `F.softmax`, every pooling function); `F.conv2d`, `F.linear`, `F.batch_norm`,
    /// `F.layer_norm`, `F.group_norm` and the rest are not patched and count nothing.
    func ptflopsFunctionMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .activation(let a):
            switch a {
            case .relu, .relu6, .gelu, .silu: return try context.inputElements()
            case .leakyrelu, .sigmoid, .tanh, .hswish, .hsigmoid: return 0
            }
        case .softmax, .pool, .globalAveragePool, .adaptiveAveragePool: return try context.inputElements()
        case .matmul: return try context.matmulMACs()
        case .attention(let a): return try a.ptflopsMACs(on: context.input, form: .function)
        case .convolution, .linear, .batchNorm, .layerNorm, .groupNorm, .dropout, .flatten, .channelShuffle, .add, .concat,
             .multiply, .layerScale, .mean, .dropPath, .tokens, .permute, .transpose, .classToken, .positionEmbedding,
             .selectToken, .embedding, .patchMerging:
            return 0
        }
    }

    /// What torchinfo 1.8 adds for a leaf module with parameters (`layer_info.py`,
    /// `calculate_macs`): for a class whose name contains `Conv`, each `weight` and `bias` count
    /// times the output's H·W, i.e. the convolution's multiply-accumulates plus one per output
    /// element for the bias; for any other class, its parameter count: linear `in·out + out`, and
    /// batch, layer and group norm `2·C` whatever the spatial size, an embedding `V·D` (GPT-2's
    /// `wpe` too, `posembed lookup=true`). Modules without parameters and functional operations
    /// count nothing (see ``isTorchinfoLeaf(form:)``).
    func torchinfoMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c):
            return try Checked.add(try context.convolutionMACs(c), c.bias ? try context.outputElements() : 0)
        case .linear, .batchNorm, .layerNorm, .groupNorm, .embedding, .positionEmbedding:
            return try torchinfoParameterCount(input: context.input)
        case .attention(let a):
            return try a.torchinfoMACs(width: context.input.channels)
        case .activation, .softmax, .pool, .globalAveragePool, .adaptiveAveragePool, .dropout, .flatten, .channelShuffle,
             .add, .concat, .multiply, .layerScale, .mean, .dropPath, .tokens, .permute, .transpose, .classToken,
             .selectToken, .patchMerging, .matmul:
            return 0
        }
    }

    /// The parameters torchinfo gives a leaf module: its own, and for a linear tied to the
    /// embedding the shared weight again (`in·out`), since torchinfo counts a module's
    /// parameters wherever the module is (124,439,808 + 38,597,376 for GPT-2 small).
    func torchinfoParameterCount(input: TensorShape) throws(Checked.Overflow) -> Int {
        if case .linear(var untied) = self, untied.tied {
            untied.tied = false
            return try Operation.linear(untied).parameterCount(input: input)
        }
        return try parameterCount(input: input)
    }

    /// How many tensors of the node's output size torchinfo's leaf modules write for it: the
    /// `qkv` (three) and `proj` (one) linears of GPT-style attention, one for any other leaf.
    var torchinfoLeafOutputs: Int {
        if case .attention(let a) = self, a.torchinfoMACsAreModules { 4 } else { 1 }
    }

    /// Whether torchinfo's totals see this node as a leaf module with parameters: it then adds
    /// the node's mult-adds, twice its output bytes ("forward/backward pass size") and its
    /// parameter bytes. A function call (`linear 10 fn` is `F.linear` with a module's
    /// parameters) has no entry of its own: its parameters reach `total_params` through the
    /// module that holds them, but no bytes (torchinfo.md, probe `unused-child`). `layernorm fn`
    /// is torchvision's `LayerNorm2d`, still a module with parameters. The layer scale is an
    /// `nn.Parameter` of ConvNeXt's block, a container (probe `direct-parameter`).
    public func isTorchinfoLeaf(form: CallForm) -> Bool {
        switch self {
        case .convolution, .linear, .batchNorm, .groupNorm, .embedding: form == .module
        case .layerNorm: true
        case .attention(let a): a.torchinfoMACsAreModules
        case .positionEmbedding(_, let lookup): lookup
        case .activation, .softmax, .pool, .globalAveragePool, .adaptiveAveragePool, .dropout, .flatten, .channelShuffle,
             .add, .concat, .multiply, .layerScale, .mean, .dropPath, .tokens, .permute, .transpose, .classToken,
             .selectToken, .patchMerging, .matmul:
            false
        }
    }
}

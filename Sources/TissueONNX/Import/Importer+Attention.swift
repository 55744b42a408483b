import TissueIR

/// `nn.MultiheadAttention` as one `mha` node. PyTorch's TorchScript exporter writes the module
/// (`F.multi_head_attention_forward`, self-attention with `query is key is value`) as some 70
/// nodes (150 without constant folding): a transpose to sequence-first `L×N×D`, the packed
/// in-projection `MatMul` by a `D×3D` weight and `Add` of its `3D` bias, reshapes, transposes
/// and `Gather`s that split Q, K and V into heads, scaling `Mul`s, `MatMul(Q, Kᵀ)`, `Softmax`,
/// `MatMul(A, V)`, a reshape to `(L·N)×D`, the out-projection `Gemm` with its `D×D` weight and `D`
/// bias, and a transpose back to `N×L×D`. The IR has no general reshape, so read node by node
/// the middle would be opaque; as a whole it is `mha` (`Attention.Variant.multihead`), whose
/// standard cost is `4·L·D²` for the projections and `2·L²·D` for the two products, what
/// PyTorch's FLOP counter reports for the module.
///
/// The pattern is found by dataflow, not by names. From a node that reads tokens `x` (`N×L×D`),
/// the region is every later node that reads a value the region made; it ends at the first value
/// through which everything the region made leaves (a cut) when that value is `N×L×D` again and
/// the region holds what attention needs (the projections and their biases, read so far). The
/// region's nodes are read on a copy of the importer (a trial, discarded) for their shapes, and
/// the region is attention when: it reads no data but `x`; its data operators are layout
/// changes, scaling by constants, exactly one `Softmax` and two products of activations (the
/// first `[…, L, L]` scores, which give the heads); its weights are exactly a `D×3D` and a `D×D`
/// projection matrix, with either no biases or biases of `3D` and `D`. Anything else (masks,
/// relative position biases, separate projections, cross-attention) is read node by node.
extension Importer {
    /// Operators that may carry data inside an attention region.
    static let attentionDataOperators: Set<String> = [
        "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Gather", "Slice", "Split", "Flatten", "Identity", "Cast",
        "Dropout", "MatMul", "Gemm", "Add", "Mul", "Div", "Softmax",
    ]

    /// How far past the first node a region may reach (the unfolded export takes about 160).
    static let attentionScanLimit = 1_000

    /// All trials together may read and copy this much (ONNX nodes read, plus the IR nodes and
    /// absorbed marks a trial copies when it first writes them; values are layered, not copied):
    /// linear in the graph, so that a file of many transposes of tokens cannot make reading
    /// quadratic. ViT-B/16's twelve trials use about 1% of it.
    var attentionTrialBudget: Int { 40 * graph.nodes.count + 100_000 }

    /// What a recognised region becomes.
    struct AttentionMatch {
        var attention: Attention
        var region: [Int]
        var exit: String
        var path: NodePath
    }

    /// Emits `mha` when the current node starts an attention region; false otherwise (the node
    /// is then converted as usual).
    mutating func convertAttentionPattern() throws(NodeFailure) -> Bool {
        guard !isTrial, trialWork <= attentionTrialBudget, hasInput(0), case .activation(let x)? = values[node.inputs[0]],
              isTokens(x) else { return false }
        let (found, work) = attentionMatch(x)
        trialWork += work
        guard let match = found else { return false }
        let result = try add(.operation(.attention(match.attention)), [x], path: match.path)
        absorbed.formUnion(match.region)
        bind(match.exit, .activation(result))
        return true
    }

    /// The attention region that starts at the current node, read on a trial copy, and the work
    /// the trial took.
    func attentionMatch(_ x: Activation) -> (AttentionMatch?, work: Int) {
        var trial = self
        trial.isTrial = true
        trial.values = values.layered()
        trial.trialWork = 0
        let match = trial.attentionRegion(x)
        // What the trial read, and what it copied when it first wrote to a shared collection.
        var work = trial.trialWork
        for (mine, theirs) in zip(scopes, trial.scopes) where mine.builder.count != theirs.builder.count {
            work += mine.builder.count
        }
        if trial.absorbed.count != absorbed.count { work += absorbed.count }
        return (match, work)
    }

    /// Reads ahead from the current node; `self` is the trial, whose bindings are discarded.
    mutating func attentionRegion(_ x: Activation) -> AttentionMatch? {
        let first = current
        let xName = node.inputs[0]
        let xDims = onnxDims(x)
        let (tokens, width) = (xDims[xDims.count - 2], xDims[xDims.count - 1])
        // Region values and how many of their readers are still ahead; `open` counts those above 0.
        var remaining: [String: Int] = [:]
        var open = 0
        var region: [Int] = []
        var products: [Int] = []
        var softmaxes = 0
        var matrices: [[Int]] = []
        var biases: [Int] = []
        let end = min(graph.nodes.count, first + Self.attentionScanLimit)
        for index in first..<end {
            trialWork += 1
            let onnxNode = graph.nodes[index]
            let inRegion = index == first || onnxNode.inputs.contains { remaining[$0] != nil }
            if !absorbed.contains(index) {
                guard !onnxNode.attributes.contains(where: \.hasGraph) else { return nil }
                current = index
                do { try OperatorTable.convert(&self, onnxNode) } catch { return nil }
            }
            guard inRegion else { continue }
            region.append(index)
            for input in onnxNode.inputs {
                guard let count = remaining[input] else { continue }
                remaining[input] = count - 1
                if count == 1 { open -= 1 }
            }
            for output in onnxNode.outputs where !output.isEmpty {
                let readers = consumers[output]?.count ?? 0
                remaining[output] = readers
                if readers > 0 { open += 1 }
            }
            guard let role = attentionRole(of: index, xName: xName, region: remaining) else { return nil }
            switch role {
            case .shape, .layout: break
            case .product(let output): products.append(output)
            case .softmax: softmaxes += 1
            case .projection(let dims, let bias):
                matrices.append(dims)
                if let bias { biases.append(bias) }
            case .bias(let elements): biases.append(elements)
            }
            guard open == 1, let exit = remaining.first(where: { $0.value > 0 })?.key,
                  case .activation(let out)? = values[exit], onnxDims(out) == xDims,
                  products.count == 2, softmaxes == 1 else { continue }
            // A cut: everything the region made leaves through `exit`, shaped as `x` again. Before
            // the out-projection (or its bias) is read, the next cut may complete it.
            guard matrices.map({ $0.sorted() }).sorted(by: { $0[1] < $1[1] }) == [[width, width], [width, 3 * width]],
                  biases.isEmpty || biases.sorted() == [width, 3 * width] else { continue }
            guard let heads = heads(scores: products[0], tokens: tokens, batch: xDims[0]),
                  heads >= 1, width % heads == 0 else { return nil }
            return AttentionMatch(attention: Attention(heads: heads, bias: !biases.isEmpty, variant: .multihead),
                                  region: region, exit: exit, path: scope(of: region))
        }
        return nil
    }

    /// What one node of a candidate region does; nil when attention has no such node.
    enum AttentionRole {
        /// Shape arithmetic: every output a constant.
        case shape
        /// A layout change, or scaling by a constant.
        case layout
        /// A product of two activations; the node's index.
        case product(Int)
        case softmax
        /// A product by a weight matrix of these dimensions, with the elements of a Gemm's bias.
        case projection([Int], bias: Int?)
        /// A weight added to data.
        case bias(Int)
    }

    /// The role of node `index`, just read in the trial (`self` is the trial).
    func attentionRole(of index: Int, xName: String, region: [String: Int]) -> AttentionRole? {
        let onnxNode = graph.nodes[index]
        var data = 0, weights: [Weight] = [], constants: [Constant] = []
        for input in onnxNode.inputs where !input.isEmpty {
            guard let value = values[input] else { return nil }
            switch value {
            case .activation, .piece:
                // Data from outside the region other than `x` (a mask, a second sequence).
                guard region[input] != nil || input == xName else { return nil }
                data += 1
            case .weight(let weight):
                if let known = weight.values { constants.append(known) } else { weights.append(weight) }
            case .constant(let constant):
                constants.append(constant)
            }
        }
        let outputsAreConstant = onnxNode.outputs.allSatisfy { output in
            guard !output.isEmpty, let value = values[output] else { return output.isEmpty }
            if case .constant = value { return true }
            return false
        }
        if outputsAreConstant { return .shape }
        guard Self.attentionDataOperators.contains(onnxNode.opType), data >= 1 else { return nil }
        switch onnxNode.opType {
        case "MatMul":
            if data == 2 { return .product(index) }
            guard weights.count == 1, weights[0].dims.count == 2 else { return nil }
            return .projection(weights[0].dims, bias: nil)
        case "Gemm":
            // Gemm(A, B, C): data A, weight B (and C, the bias).
            guard data == 1, onnxNode.inputs.count >= 2, case .weight(let matrix)? = values[onnxNode.inputs[1]],
                  matrix.values == nil, matrix.dims.count == 2, weights.count <= 2 else { return nil }
            let bias = weights.count == 2 ? try? checkedProduct(weights[1].dims) : nil
            return .projection(matrix.dims, bias: bias)
        case "Add":
            guard data == 1, weights.count == 1, let elements = try? checkedProduct(weights[0].dims) else { return nil }
            return .bias(elements)
        case "Mul", "Div":
            guard data == 1, weights.isEmpty, constants.count == 1, constants[0].count == 1 else { return nil }
            return .layout
        case "Softmax":
            return .softmax
        default:
            // Layout: only settings may be weights or constants, never a weight with a role.
            return weights.isEmpty ? .layout : nil
        }
    }

    /// The heads of attention scores `[…, L, L]` made by node `index` in the trial: their
    /// elements over `N·L·L`.
    func heads(scores index: Int, tokens: Int, batch: Int) -> Int? {
        guard let output = graph.nodes[index].outputs.first, case .activation(let scores)? = values[output] else { return nil }
        let dims = onnxDims(scores)
        guard dims.count >= 3, dims[dims.count - 1] == tokens, dims[dims.count - 2] == tokens,
              let elements = try? checkedProduct(dims), let square = try? checkedProduct([batch, tokens, tokens]),
              square > 0, elements % square == 0 else { return nil }
        return elements / square
    }

    /// The module scope the region's nodes share (`encoder/layers/encoder_layer_0/self_attention`),
    /// or the first node's path when they share none.
    func scope(of region: [Int]) -> NodePath {
        guard let first = region.first else { return path }
        var common = paths[first].components
        for index in region.dropFirst() {
            let components = paths[index].components
            var length = 0
            while length < common.count, length < components.count, common[length] == components[length] { length += 1 }
            common = Array(common.prefix(length))
        }
        return common.isEmpty ? paths[first] : NodePath(common)
    }
}

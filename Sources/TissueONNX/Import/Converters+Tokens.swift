import TissueIR

/// The token operators of a vision transformer as PyTorch's exporters write them (torchvision's
/// `VisionTransformer`: `_process_input`, the class token, `Encoder`, `x[:, 0]`). Tokens are
/// batch-first channels-last `N×L×D` tensors, IR shape `L×D`.
extension Importer {
    /// Whether an activation is a sequence of tokens: batch first, IR shape `L×D` channels-last.
    func isTokens(_ x: Activation) -> Bool {
        let input = shape(x)
        return x.batchFirst && input.isChannelsLast && input.dimensions.count == 2
    }

    /// The number of elements of input `index` when it is a weight, nil otherwise.
    func weightElements(at index: Int) -> Int? {
        guard hasInput(index), case .weight(let weight)? = values[node.inputs[index]] else { return nil }
        return try? checkedProduct(weight.dims)
    }

    /// LayerNormalization(X, Scale, B; axis, epsilon) (opset 17) over the last axis of tokens, or
    /// over the features of an N×F vector, with a scale and a bias of that width:
    /// `layerNorm`, 2·D parameters like `nn.LayerNorm(D)`. Over several axes, over another axis,
    /// or without a bias it is opaque.
    mutating func convertLayerNorm() throws(NodeFailure) {
        let x = try activation(at: 0)
        let input = shape(x)
        let rank = onnxDims(x).count
        let axis = normalizedAxis(node.int("axis", default: -1), rank: rank)
        guard x.batchFirst, input.isVector || input.isChannelsLast, axis == rank - 1,
              weightElements(at: 1) == input.channels, weightElements(at: 2) == input.channels else {
            return try opaqueSameShape()
        }
        try emit(.layerNorm, [x])
    }

    /// `Reshape(x, [N, C, H·W])` of a C×H×W map whose only reader is `Transpose(perm [0, 2, 1])`:
    /// `x.flatten(2).transpose(1, 2)`, the map as H·W tokens of width C (`tokens`). Returns false
    /// when the node is not that.
    mutating func convertTokensPattern(_ x: Activation, _ dims: [Int], _ out: [Int]) throws(NodeFailure) -> Bool {
        guard x.batchFirst, shape(x).isImage, dims.count == 4, out.count == 3, out[0] == dims[0], out[1] == dims[1],
              out[2] == dims[2] * dims[3], let output = node.outputs.first,
              let transpose = soleReader(of: output, opType: "Transpose"), graph.nodes[transpose].ints("perm") == [0, 2, 1],
              let transposed = graph.nodes[transpose].outputs.first else { return false }
        let result = try add(.operation(.tokens), [x])
        absorbed.insert(transpose)
        bind(transposed, .activation(result))
        return true
    }

    /// `Concat(class_token, x, axis 1)` of a learned `1×1×D` weight (expanded to the batch) and
    /// `N×L×D` tokens: `classToken`, D parameters (torchvision's `class_token`). Returns false
    /// when the node is not that.
    mutating func convertClassToken() throws(NodeFailure) -> Bool {
        guard node.inputs.count == 2, hasInput(0), hasInput(1), case .weight(let token) = try input(0),
              case .activation(let x) = try input(1), isTokens(x) else { return false }
        let width = shape(x).channels
        guard normalizedAxis(node.int("axis", default: 1), rank: 3) == 1, token.dims.count == 3,
              token.dims[0] == 1 || token.dims[0] == batch, token.dims[1] == 1, token.dims[2] == width else { return false }
        try emit(.classToken, [x])
        return true
    }

    /// `Add(x, pos_embedding)` of `N×L×D` tokens and a learned `1×L×D` (or `L×D`) weight:
    /// `positionEmbedding`, L·D parameters (torchvision's `Encoder.pos_embedding`). Returns false
    /// when the node is not that.
    mutating func convertPositionEmbedding() throws(NodeFailure) -> Bool {
        guard node.inputs.count == 2, hasInput(0), hasInput(1) else { return false }
        let first = try input(0), second = try input(1)
        let x: Activation, table: Weight
        switch (first, second) {
        case (.activation(let a), .weight(let w)), (.weight(let w), .activation(let a)):
            x = a
            table = w
        default:
            return false
        }
        guard isTokens(x) else { return false }
        let tokens = shape(x).dimensions
        guard table.dims == [1] + tokens || table.dims == tokens else { return false }
        try emit(.positionEmbedding(positions: nil), [x])
        return true
    }

    /// `Gather(x, i, axis 1)` of `N×L×D` tokens with a scalar index: `x[:, i]`, one token
    /// (`selectToken`; ViT's class token before the head). Returns false when the node is not that.
    mutating func convertSelectToken(_ x: Activation) throws(NodeFailure) -> Bool {
        guard isTokens(x), normalizedAxis(node.int("axis", default: 0), rank: 3) == 1,
              case .constant(let index) = try input(1), index.dims.isEmpty, let value = index.integers.first,
              let value else { return false }
        let tokens = shape(x).dimensions[0]
        let position = bounded(value) < 0 ? bounded(value) + tokens : bounded(value)
        guard position >= 0, position < tokens else { return false }
        try emit(.selectToken(index: position), [x])
        return true
    }
}

import TissueIR

/// What each ONNX operator becomes. One row per op_type: an IR operation (possibly through a
/// pattern that absorbs the nodes after it), a layout change, a constant evaluated while
/// reading, or an opaque node (`ONNX <op_type>`) that counts as zero and makes totals lower
/// bounds. An operator that the IR gains later changes one row: its entry calls `emit` instead
/// of `opaqueSameShape`/`opaqueBroadcast`. `docs/onnx.md` has the table in prose.
enum OperatorTable {
    typealias Converter = @Sendable (inout Importer) throws(NodeFailure) -> Void

    static let converters: [String: Converter] = [
        // Layers.
        "Conv": { (i: inout Importer) throws(NodeFailure) in try i.convertConv() },
        "Gemm": { (i: inout Importer) throws(NodeFailure) in try i.convertGemm() },
        "MatMul": { (i: inout Importer) throws(NodeFailure) in try i.convertMatMul() },
        "BatchNormalization": { (i: inout Importer) throws(NodeFailure) in try i.convertBatchNorm() },
        "MaxPool": { (i: inout Importer) throws(NodeFailure) in try i.convertPool(.max) },
        "AveragePool": { (i: inout Importer) throws(NodeFailure) in try i.convertPool(.average) },
        "GlobalAveragePool": { (i: inout Importer) throws(NodeFailure) in try i.convertGlobalPool(max: false) },
        "GlobalMaxPool": { (i: inout Importer) throws(NodeFailure) in try i.convertGlobalPool(max: true) },
        "ReduceMean": { (i: inout Importer) throws(NodeFailure) in try i.convertReduceMean() },
        "LayerNormalization": { (i: inout Importer) throws(NodeFailure) in try i.convertLayerNorm() },
        "Dropout": { (i: inout Importer) throws(NodeFailure) in try i.emit(.dropout, [try i.activation(at: 0)]) },
        // Activations.
        "Relu": { (i: inout Importer) throws(NodeFailure) in try i.emit(.activation(.relu), [try i.activation(at: 0)]) },
        "LeakyRelu": { (i: inout Importer) throws(NodeFailure) in try i.emit(.activation(.leakyrelu), [try i.activation(at: 0)]) },
        "Tanh": { (i: inout Importer) throws(NodeFailure) in try i.emit(.activation(.tanh), [try i.activation(at: 0)]) },
        "HardSwish": { (i: inout Importer) throws(NodeFailure) in try i.emit(.activation(.hswish), [try i.activation(at: 0)]) },
        "Gelu": { (i: inout Importer) throws(NodeFailure) in try i.emit(.activation(.gelu), [try i.activation(at: 0)]) },
        "Sigmoid": { (i: inout Importer) throws(NodeFailure) in try i.convertSigmoid() },
        "HardSigmoid": { (i: inout Importer) throws(NodeFailure) in try i.convertHardSigmoid() },
        "Clip": { (i: inout Importer) throws(NodeFailure) in try i.convertClip() },
        "Softmax": { (i: inout Importer) throws(NodeFailure) in try i.convertSoftmax() },
        // Joins and elementwise arithmetic.
        "Add": { (i: inout Importer) throws(NodeFailure) in try i.convertAdd() },
        "Mul": { (i: inout Importer) throws(NodeFailure) in try i.convertMul() },
        "Sub": { (i: inout Importer) throws(NodeFailure) in try i.opaqueBroadcast() },
        "Div": { (i: inout Importer) throws(NodeFailure) in try i.convertDiv() },
        "Pow": { (i: inout Importer) throws(NodeFailure) in try i.opaqueBroadcast() },
        "Where": { (i: inout Importer) throws(NodeFailure) in try i.opaqueBroadcast() },
        "Concat": { (i: inout Importer) throws(NodeFailure) in try i.convertConcat() },
        "Split": { (i: inout Importer) throws(NodeFailure) in try i.convertSplit() },
        "Slice": { (i: inout Importer) throws(NodeFailure) in try i.convertSlice() },
        // Layout.
        "Identity": { (i: inout Importer) throws(NodeFailure) in i.bind(0, try i.input(0)) },
        "Cast": { (i: inout Importer) throws(NodeFailure) in i.bind(0, try i.input(0)) },
        "Flatten": { (i: inout Importer) throws(NodeFailure) in try i.convertFlatten() },
        "Reshape": { (i: inout Importer) throws(NodeFailure) in try i.convertReshape() },
        "Transpose": { (i: inout Importer) throws(NodeFailure) in try i.convertTranspose() },
        "Squeeze": { (i: inout Importer) throws(NodeFailure) in try i.convertSqueeze(unsqueeze: false) },
        "Unsqueeze": { (i: inout Importer) throws(NodeFailure) in try i.convertSqueeze(unsqueeze: true) },
        "Shape": { (i: inout Importer) throws(NodeFailure) in try i.convertShape() },
        "Size": { (i: inout Importer) throws(NodeFailure) in
            let dims = i.onnxDims(try i.activation(at: 0))
            i.bind(0, .constant(Constant(integers: [Int64(try checkedProduct(dims))], dims: [])))
        },
        "Constant": { (i: inout Importer) throws(NodeFailure) in try i.convertConstant() },
        "Gather": { (i: inout Importer) throws(NodeFailure) in try i.convertGather() },
        "Expand": { (i: inout Importer) throws(NodeFailure) in try i.convertExpand() },
        // Not modelled yet (issues 11 and 12): opaque, with their output shape.
        "GroupNormalization": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "InstanceNormalization": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "Erf": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "Sqrt": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "Exp": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "Neg": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
        "Reciprocal": { (i: inout Importer) throws(NodeFailure) in try i.opaqueSameShape() },
    ]

    /// Converts the importer's current node: a constant when every input is known, a weight
    /// moved through a layout op, the operator's row, or an opaque node for an unknown operator.
    static func convert(_ importer: inout Importer, _ node: ONNXNode) throws(NodeFailure) {
        if ConstantFolder.folds(node.opType), let inputs = try importer.knownInputs() {
            let results = try ConstantFolder.evaluate(node, inputs, opset: importer.opset)
            for (index, result) in results.enumerated() { importer.bind(index, .constant(result)) }
            return
        }
        if try importer.moveWeight() { return }
        let isDefaultDomain = node.domain.isEmpty || node.domain == "ai.onnx"
        if isDefaultDomain, let converter = converters[node.opType] {
            try converter(&importer)
        } else {
            try importer.opaqueDeclared()
        }
    }
}

/// Whether the exporter folded BatchNorm into the convolutions, which a graph cannot say outright.
///
/// The rule: the graph has no BatchNormalization node, and either
/// - a convolution's bias is an initializer named `onnx::Conv_<n>`: PyTorch's TorchScript
///   exporter names a tensor after its consumer only when it computed it, and with
///   `do_constant_folding` in eval mode it computes Conv biases exactly when it fuses a
///   BatchNorm into the Conv (`_jit_pass_onnx_eval_peephole`); a bias kept from the model keeps
///   its `state_dict` name (`features.0.bias`); or
/// - a convolution's `pkg.torch.onnx.name_scopes` ends in a batch-norm operator: the dynamo
///   exporter's `FuseBatchNormIntoConv` keeps the scopes of the BatchNorm it removed.
///
/// A model built without BatchNorm and exported by another tool is not reported, and neither is
/// one whose folded biases were renamed: the note is evidence, not a proof.
enum FoldedBatchNorm {
    static func detect(_ graph: ONNXGraph) -> (convolutions: Int, evidence: String, biases: Bool)? {
        guard !graph.nodes.contains(where: { $0.opType == "BatchNormalization" }) else { return nil }
        // Follow Identity aliases (deduplicated initializers) back to the initializer's name.
        var alias: [String: String] = [:]
        for node in graph.nodes where node.opType == "Identity" {
            if let output = node.outputs.first, let input = node.inputs.first { alias[output] = input }
        }
        var torchScript = 0, dynamo = 0
        for node in graph.nodes where node.opType == "Conv" {
            if node.inputs.count > 2 {
                var name = node.inputs[2]
                var steps = 0
                while let next = alias[name], steps < 8 { name = next; steps += 1 }
                if name.hasPrefix("onnx::Conv_") || node.inputs[2].hasPrefix("onnx::Conv_") { torchScript += 1; continue }
            }
            if let scopes = node.metadata.first(where: { $0.key == "pkg.torch.onnx.name_scopes" })?.value,
               scopes.contains("batch_norm") {
                dynamo += 1
            }
        }
        if torchScript > 0 {
            return (torchScript, "their biases are tensors the exporter computed, named 'onnx::Conv_…'", true)
        }
        if dynamo > 0 {
            let biased = graph.nodes.contains { $0.opType == "Conv" && $0.inputs.count > 2 && !$0.inputs[2].isEmpty }
            return (dynamo, "their name scopes end in the batch-norm operator the dynamo exporter fused", biased)
        }
        return nil
    }
}

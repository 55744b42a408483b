import Foundation
import TissueIR
import TissueONNX

/// The ONNX fixtures (`Tests/Fixtures/onnx`) and what PyTorch says about each (`onnx.json`).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/Fixtures/onnx")

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
    }

    static func read(_ file: String, options: ONNXImportOptions = ONNXImportOptions()) throws -> ONNXReader.Result {
        try ONNXReader.read(try bytes(file), name: ONNXReader.modelName(forPath: file), options: options)
    }

    /// What PyTorch and its counters say about one model (`onnx.json`, `models`).
    static func model(_ name: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("onnx.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let models = json["models"] as? [String: [String: Any]] else { return [:] }
        return models[name] ?? [:]
    }

    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var model: String
        var form: String
        /// PyTorch's parameters for bn-kept forms; for bn-folded forms, what the file holds per use
        /// (the folded biases in, BatchNorm's γ and β out).
        var params: Int
        /// Conv + Gemm + MatMul MACs of the graph (`reference_macs`, equal to PyTorch's hooks).
        var macs: Int
        var batchNormNodes: Int
        var description: String { file }
    }

    /// One expectation per fixture file, from `onnx.json`.
    static let expectations: [Expectation] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("onnx.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = json["files"] as? [[String: Any]], let models = json["models"] as? [String: [String: Any]] else { return [] }
        func perUse(_ file: [String: Any]) -> Int? {
            (file["initializers"] as? [String: Any])?["per_use_elements_total_float"] as? Int
        }
        return files.compactMap { file in
            guard let name = file["file"] as? String, let model = file["model"] as? String, let form = file["form"] as? String,
                  let info = models[model], let reference = file["reference_macs"] as? [String: Any],
                  let macs = reference["total"] as? Int else { return nil }
            let bn = (file["op_histogram"] as? [String: Int])?["BatchNormalization"] ?? 0
            let plainForm = form.replacingOccurrences(of: ".params-as-inputs", with: "")
            let twin = files.first { ($0["model"] as? String) == model && ($0["form"] as? String) == plainForm }
            guard let uses = perUse(file) ?? twin.flatMap(perUse) else { return nil }
            let buffers = bn > 0 ? (info["bn_buffers_mean_var"] as? Int ?? 0) : 0
            return Expectation(file: name, model: model, form: form, params: uses - buffers, macs: macs, batchNormNodes: bn)
        }
    }()
}

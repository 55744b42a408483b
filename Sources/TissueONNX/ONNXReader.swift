import TissueIR

/// The ONNX front end: the bytes of a `.onnx` file to a ``Network``, or an ``ONNXError``.
///
///     let result = try ONNXReader.read(bytes, name: "resnet18")
///     result.network   // the IR, analysed like any other
///     result.notes     // folded BatchNorm, operators counted as zero
///
/// Time and memory follow the size of the graph, not of the weights: tensor payloads are
/// skipped (only small integer tensors are decoded), and nothing recurses.
public enum ONNXReader {
    /// The protobuf magic a file starts with: field 1 (`ir_version`, varint), key byte 0x08.
    public static func looksLikeONNX(_ prefix: some Collection<UInt8>) -> Bool {
        prefix.first == 0x08
    }

    /// What reading a file gives: the network and what the user should know about it.
    public struct Result: Sendable {
        public var network: Network
        public var notes: [ONNXNote]
        /// The file's model: producer, opsets, the ONNX graph as read.
        public var model: ONNXModel
    }

    /// Parses the protobuf messages only.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(ONNXError) -> ONNXModel {
        do {
            return try ModelParser.model(bytes)
        } catch {
            throw .malformed(offset: error.offset, path: error.path, problem: error.problem)
        }
    }

    public static func parse(_ bytes: [UInt8]) throws(ONNXError) -> ONNXModel {
        let result: Swift.Result<ONNXModel, ONNXError> = bytes.withUnsafeBytes { buffer in
            do throws(ONNXError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Reads a model: parse, then convert its graph to the IR.
    public static func read(_ bytes: UnsafeRawBufferPointer, name: String,
                            options: ONNXImportOptions = ONNXImportOptions()) throws(ONNXError) -> Result {
        try read(try parse(bytes), name: name, options: options)
    }

    public static func read(_ bytes: [UInt8], name: String,
                            options: ONNXImportOptions = ONNXImportOptions()) throws(ONNXError) -> Result {
        try read(try parse(bytes), name: name, options: options)
    }

    /// Converts a parsed model's graph to the IR.
    public static func read(_ model: ONNXModel, name: String,
                            options: ONNXImportOptions = ONNXImportOptions()) throws(ONNXError) -> Result {
        var importer = Importer(graph: model.graph, opset: model.opset, options: options)
        let (network, notes) = try importer.run(name: name)
        return Result(network: network, notes: notes, model: model)
    }

    /// `models/resnet18.onnx` → `resnet18`.
    public static func modelName(forPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".onnx") ? String(file.dropLast(5)) : file
    }
}

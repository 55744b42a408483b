import TissueDiagnostics
import TissueNumerics

/// The what-if options of the commands that analyse a model: another input, a batch size, the
/// precision numbers are stored at (for bytes) and the units bytes are shown in.
enum WhatIf {
    static let input = CommandSpec.Option(
        "input", short: "i", value: "CxHxW",
        help: "Analyse at this input instead of the declared one: CxHxW, HxW, or N (NxN for an image, the length of a vector).")
    static let batch = CommandSpec.Option(
        "batch", value: "N", help: "Samples per batch: MACs, FLOPs, activations and their bytes are N times one sample's.",
        default: "1")
    static let dtype = CommandSpec.Option(
        "dtype", value: "T",
        help: "Data type of the stored numbers, for bytes: f32, f16, bf16, fp8, int8, int4, int2, binary, ...",
        default: "f32")
    static let bytesPerParam = CommandSpec.Option(
        "bytes-per-param", value: "B", help: "The same as --dtype, as bytes per number: 4, 2, 1, 0.5, 0.25, 0.125.")
    static let units = CommandSpec.Option(
        "units", value: "U", help: "Units of byte sizes: si (kB, MB: powers of 1000) or iec (KiB, MiB: powers of 1024).",
        default: ByteUnits.si.rawValue, choices: ByteUnits.allCases.map(\.rawValue))

    /// `--input` and `--batch`: what every analysing command accepts.
    static let shapeOptions = [input, batch]
    /// The precision and units of byte sizes, for the commands that show bytes.
    static let memoryOptions = [dtype, bytesPerParam, units]
}

extension ParsedArguments {
    /// `--input CxHxW`, `HxW` or `N`: the dimensions to read the model at, nil when not given.
    func inputOverride() throws(UsageError) -> [Int]? {
        guard spec.option(named: "input") != nil, let text = value("input") else { return nil }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        var dimensions: [Int] = []
        for part in parts {
            guard part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part), value > 0, value <= 1 << 16 else {
                dimensions = []
                break
            }
            dimensions.append(value)
        }
        guard (1...3).contains(parts.count), dimensions.count == parts.count else {
            throw .invalidValue(option: "input", value: text,
                                expected: "CxHxW, HxW or N with sides from 1 to 65536, such as '3x64x64' or '64x64'")
        }
        return dimensions
    }

    /// `--batch N`, 1 when not given.
    func batchSize() throws(UsageError) -> Int {
        guard spec.option(named: "batch") != nil, let text = value("batch") else { return 1 }
        guard let batch = Quantity.parse(text), batch >= 1 else {
            throw .invalidValue(option: "batch", value: text, expected: "a positive count of samples such as '32'")
        }
        guard batch <= Limits.batch else {
            throw .beyondLimit(option: "batch", value: text, limit: String(Limits.batch), raiseWith: nil)
        }
        return batch
    }

    /// The name of the chosen data type as written (`bf16`), or nil for `--bytes-per-param`.
    func dataTypeName() -> String? {
        guard values["bytes-per-param"] == nil, let name = value("dtype") else { return nil }
        return DataType(name: Substring(name))?.name
    }

    /// `--dtype T` or its alias `--bytes-per-param B` (not both): the precision of stored numbers.
    func precision() throws(UsageError) -> Precision {
        if let bytes = values["bytes-per-param"]?.last {
            guard values["dtype"] == nil else { throw .conflictingOptions("dtype", "bytes-per-param") }
            guard let precision = Precision(bytesPerElement: Substring(bytes)) else {
                throw .invalidValue(option: "bytes-per-param", value: bytes,
                                    expected: "bytes per number as a multiple of 1/8 from 0.125 to 8, such as 4, 2, 0.5")
            }
            return precision
        }
        guard let name = value("dtype") else { return .float32 }
        guard let type = DataType(name: Substring(name)) else {
            let spellings = DataType.allCases.map(\.name)
            throw .invalidChoice(option: "dtype", value: name, choices: spellings,
                                 suggestion: Suggestion.closest(to: name.lowercased(), among: DataType.allSpellings))
        }
        return type.precision
    }

    /// `--units si|iec`.
    func byteUnits() -> ByteUnits {
        choice("units", as: ByteUnits.self) ?? .si
    }
}

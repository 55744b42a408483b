import TissueArch
import TissueNumerics

/// The options that bound what an input file may hold, shared by every command that reads a
/// network (`docs/reliability.md` lists every limit).
enum InputLimits {
    static let options: [CommandSpec.Option] = [
        .init("max-input", value: "BYTES", help: "Refuse input files larger than this.",
              default: "\(ExpansionLimits.defaultInputBytes >> 20)Mi"),
        .init("max-statements", value: "N", help: "Refuse networks of more statements than this, as written or expanded.",
              default: String(ExpansionLimits().statements)),
    ]

    static func limits(_ arguments: ParsedArguments) throws(CommandError) -> ExpansionLimits {
        var limits = ExpansionLimits()
        // The defaults are the limits' own: only a value given is parsed.
        if arguments.wasGiven("max-input"), let text = arguments.value("max-input") {
            guard let bytes = bytes(text), bytes >= 1 else {
                throw .usage(.invalidValue(option: "max-input", value: text, expected: "a size such as '64M' or '64Mi'"))
            }
            limits.inputBytes = bytes
        }
        if arguments.wasGiven("max-statements"), let text = arguments.value("max-statements") {
            guard let count = Quantity.parse(text), count >= 1 else {
                throw .usage(.invalidValue(option: "max-statements", value: text, expected: "a positive count such as '2M'"))
            }
            limits.statements = count
        }
        return limits
    }

    /// `64M` (10⁶), `64Mi` (2²⁰), or a plain count of bytes.
    static func bytes(_ text: String) -> Int? {
        let binary: [(String, Int)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30)]
        for (suffix, factor) in binary where text.hasSuffix(suffix) {
            return Quantity.parse(String(text.dropLast(2))).flatMap { $0.multipliedReportingOverflow(by: factor).overflow ? nil : $0 * factor }
        }
        return Quantity.parse(text)
    }
}

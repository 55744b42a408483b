import TissueDiagnostics
import TissueIR
import TissueNumerics

extension CompressionSpec {
    /// The method of one step, every value checked.
    static func method(_ step: Step) throws(Diagnostic) -> CompressionMethod {
        let family = step.family
        let name = family.rawValue
        switch family {
        case .channels:
            let round = try step.setting("round").map { text throws(Diagnostic) in try positive(text, setting: "round") }
            return .channels(ChannelPruning(ratios: try step.layerRules { text throws(Diagnostic) in try ratio(text, setting: name) },
                                            round: round))
        case .merge:
            return .merge(NeuronMerging(ratios: try step.layerRules { text throws(Diagnostic) in try ratio(text, setting: name) }))
        case .sparsity:
            let format = try step.setting("format").map { text throws(Diagnostic) in try sparseFormat(text) } ?? .csr
            var indexBits = 32
            if let text = step.setting("index-bits") {
                guard format.usesIndexBits else {
                    throw problem(.invalidValue(text, setting: "index-bits",
                                                expected: "no index bits: format '\(format.name)' stores no indices"))
                }
                indexBits = try bits(text, setting: "index-bits", maximum: 64).bits
            }
            let rules = try step.layerRules { text throws(Diagnostic) in
                let value = try ratio(text, setting: name)
                // 1 − N/M as written to its last digit: |S − (1 − N/M)| ≤ half a unit of that digit.
                if case .nm(let kept, let group) = format,
                   2 * abs(value.numerator * group - value.denominator * (group - kept)) > group {
                    throw problem(.nmSparsityMismatch(written: text, kept: kept, group: group))
                }
                return value
            }
            return .sparsity(Sparsification(sparsity: rules, format: format, indexBits: indexBits))
        case .rank:
            let scheme: LowRank.Scheme = try step.setting("conv").map { text throws(Diagnostic) in
                try choice(text, setting: "conv", among: LowRank.Scheme.allCases)
            } ?? .channel
            return .rank(LowRank(ranks: try step.layerRules { text throws(Diagnostic) in try rank(text) }, scheme: scheme))
        case .separable:
            var globs: [PathGlob] = []
            for rule in step.rules {
                guard rule.value.isEmpty else { throw problem(.takesNoValue(method: name)) }
                if let glob = rule.glob { globs.append(PathGlob(glob)) }
            }
            let groups = try step.setting("groups").map { text throws(Diagnostic) in try positive(text, setting: "groups") }
            return .separable(SeparableConvolution(groups: groups, layers: globs))
        case .quantize:
            let scale = try step.setting("scale").map { text throws(Diagnostic) in try quantizationScale(text) } ?? .channel
            let activations = try step.setting("activations").map { text throws(Diagnostic) in
                try bits(text, setting: "activations", maximum: 32)
            }
            let rules = try step.layerRules { text throws(Diagnostic) in try bits(text, setting: name, maximum: 32) }
            return .quantize(Quantization(bits: rules, scale: scale, activations: activations))
        case .stack:
            guard step.rules.count == 1, let rule = step.rules.first, !rule.value.isEmpty else {
                throw problem(.needsValue(method: name, example: family.example))
            }
            if let glob = rule.glob {
                throw problem(.invalidValue("@" + glob, setting: name, expected: "no '@GLOB': 'replace=' chooses the blocks"))
            }
            let hidden = try positive(rule.value, setting: name, maximum: 1 << 16)
            let piece = try step.setting("piece").map { text throws(Diagnostic) in
                try positive(text, setting: "piece", maximum: 1 << 16)
            } ?? 2
            let scope: StackTransform.ResidualScope = try step.setting("residual").map { text throws(Diagnostic) in
                try choice(text, setting: "residual", among: StackTransform.ResidualScope.allCases)
            } ?? .body
            let replaces = step.settings.filter { $0.key == "replace" }.map(\.value)
            let replace: StackTransform.Replace = replaces == ["all"] || replaces.isEmpty ? .all
                : replaces == ["inner"] ? .inner : .paths(replaces)
            return .stack(StackTransform(hidden: hidden, piece: piece, replace: replace, residualScope: scope))
        }
    }

    /// A fraction removed, in [0, 1).
    static func ratio(_ text: String, setting: String) throws(Diagnostic) -> Fraction {
        guard let value = Fraction(text), !value.isOne else {
            throw problem(.invalidValue(text, setting: setting,
                                        expected: "the fraction removed, from 0 up to but not including 1, such as '0.25' (which keeps 75%)"))
        }
        return value
    }

    /// An integer rank (`16`) or a fraction of the full rank kept (`0.25`, with a point).
    static func rank(_ text: String) throws(Diagnostic) -> LowRank.Rank {
        if text.contains(".") {
            guard let value = Fraction(text), !value.isZero else {
                throw problem(.invalidValue(text, setting: "rank",
                                            expected: "a rank such as '16', or the fraction of the full rank kept such as '0.25' (more than 0, at most 1)"))
            }
            return .fraction(value)
        }
        return .rank(try positive(text, setting: "rank"))
    }

    /// An integer from 1 to `maximum` (2^20 by default; 2^16 for a unit's widths, as `tissue stack`).
    static func positive(_ text: String, setting: String, maximum: Int = 1 << 20) throws(Diagnostic) -> Int {
        guard text.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }), text.count <= 7,
              let value = Int(text), value >= 1, value <= maximum else {
            throw problem(.invalidValue(text, setting: setting, expected: "a positive integer (at most \(maximum))"))
        }
        return value
    }

    /// Bits of a stored number, 1 to `maximum`.
    static func bits(_ text: String, setting: String, maximum: Int) throws(Diagnostic) -> Precision {
        guard let value = Int(text), text.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }),
              value >= 1, value <= maximum, let precision = Precision(bits: value) else {
            throw problem(.invalidValue(text, setting: setting, expected: "a number of bits from 1 to \(maximum)"))
        }
        return precision
    }

    /// `csr`, `coo`, `bitmask` or `nm:N:M` (1 ≤ N < M ≤ 1024).
    static func sparseFormat(_ text: String) throws(Diagnostic) -> SparseFormat {
        switch text {
        case "csr": return .csr
        case "coo": return .coo
        case "bitmask": return .bitmask
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "nm", let kept = Int(parts[1]), let group = Int(parts[2]),
               kept >= 1, kept < group, group <= 1024 {
                return .nm(kept: kept, group: group)
            }
            throw problem(.invalidValue(text, setting: "format", expected: "one of csr, coo, bitmask, nm:N:M (such as nm:2:4)"))
        }
    }

    /// `tensor`, `channel` or `group:G`.
    static func quantizationScale(_ text: String) throws(Diagnostic) -> QuantizationScale {
        switch text {
        case "tensor": return .tensor
        case "channel": return .channel
        default:
            if text.hasPrefix("group:"), let size = try? positive(String(text.dropFirst(6)), setting: "scale") {
                return .group(size)
            }
            throw problem(.invalidValue(text, setting: "scale", expected: "one of tensor, channel, group:G (such as group:128)"))
        }
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, setting: String, among: T.AllCases)
        throws(Diagnostic) -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            let names = among.map(\.rawValue)
            throw problem(.invalidValue(text, setting: setting, expected: "one of \(names.joined(separator: ", "))"
                                            + (Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" } ?? "")))
        }
        return value
    }
}

extension CompressionSpec.Step {
    func setting(_ key: String) -> String? {
        settings.last { $0.key == key }?.value
    }

    /// The rules of the method's value, each converted; at least one.
    func layerRules<Value>(_ convert: (String) throws(Diagnostic) -> Value) throws(Diagnostic) -> LayerRules<Value> {
        guard !rules.isEmpty else {
            throw CompressionSpec.problem(.needsValue(method: family.rawValue, example: family.example))
        }
        var converted: [LayerRules<Value>.Rule] = []
        for rule in rules {
            guard !rule.value.isEmpty else {
                throw CompressionSpec.problem(.needsValue(method: family.rawValue, example: family.example))
            }
            converted.append(.init(try convert(rule.value), glob: rule.glob.map(PathGlob.init)))
        }
        return LayerRules(converted)
    }
}

import TissueNumerics

/// What can be wrong with a compression method (`tissue compress --method SPEC`): the method as
/// written, or what it meets in the network. Cases carry the context; the sentences are made
/// here. The user's own words are quoted in single quotes.
public enum CompressionProblem: Sendable, Equatable {
    /// `chanels=0.5`.
    case unknownMethod(String, suggestion: String?, accepted: [String])
    /// `channels=0.5,rund=8`.
    case unknownSetting(String, method: String, suggestion: String?, accepted: [String])
    /// A setting given twice in one step.
    case repeatedSetting(String, method: String)
    /// A value of the wrong form: `channels=1.5`, `format=csv`.
    case invalidValue(String, setting: String, expected: String)
    /// `rank` without a value.
    case needsValue(method: String, example: String)
    /// `separable=3`.
    case takesNoValue(method: String)
    /// An item that is neither `KEY=VALUE` nor `VALUE@GLOB`, or an empty one.
    case malformedItem(String, method: String)
    /// A second `?` in one `--method`.
    case oneSearchOnly(String)
    /// `?` in a setting other than the method's own value, or on a method without one.
    case notSearchable(String, method: String)
    /// A `@GLOB` that selects no layer the method applies to.
    case unmatchedGlob(String, method: String, suggestion: String?)
    /// A layer rank that makes the layer no smaller (factor weights ≥ the layer's weights).
    case rankTooLarge(path: String, rank: Int, weights: Int, factorWeights: Int, breakEven: Int)
    /// `format=nm:2:4` with a sparsity other than 1 − N/M.
    case nmSparsityMismatch(written: String, kept: Int, group: Int)
    /// `separable,groups=G` on a layer whose input channels G does not divide.
    case groupsDoNotDivide(path: String, channels: Int, groups: Int)
    /// Channels that a rewrite cannot keep consistent (a split through coupled channels).
    case cannotCouple(path: String, reason: String)
    /// A method that finds nothing to act on in the network.
    case nothingToCompress(method: String, what: String)
    /// No value of the searched setting meets the budgets; `closest` describes the best one tried.
    case budgetNotMet(search: String, budgets: String, closest: String)

    public var description: String {
        switch self {
        case .unknownMethod(let name, let suggestion, let accepted):
            "unknown method '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                + " (methods: \(accepted.joined(separator: ", ")))"
        case .unknownSetting(let key, let method, let suggestion, let accepted):
            "'\(method)' has no setting '\(key)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? (accepted.isEmpty ? "; it takes none" : "; it accepts \(accepted.map { "'\($0)'" }.joined(separator: ", "))"))
        case .repeatedSetting(let key, let method):
            "'\(key)' is given twice for '\(method)'; keep one"
        case .invalidValue(let value, let setting, let expected):
            "'\(value)' is not a valid value for '\(setting)': expected \(expected)"
        case .needsValue(let method, let example):
            "'\(method)' needs a value, as in '\(example)'"
        case .takesNoValue(let method):
            "'\(method)' takes no value; choose its layers with '@GLOB', as in '\(method)@layer3/*'"
        case .malformedItem(let item, let method):
            "'\(item)' in '\(method)' is neither 'KEY=VALUE' nor 'VALUE@GLOB'; separate items with ','"
        case .oneSearchOnly(let spec):
            "'\(spec)' has more than one '?'; search one setting at a time"
        case .notSearchable(let setting, let method):
            "'?' can stand only for the value of a method that has one, not for '\(setting)' of '\(method)'"
        case .unmatchedGlob(let glob, let method, let suggestion):
            "'@\(glob)' in '\(method)' selects no layer that '\(method)' applies to"
                + (suggestion.map { "; did you mean '@\($0)'?" } ?? "; 'tissue analyze' lists the layer paths")
        case .rankTooLarge(let path, let rank, let weights, let factorWeights, let breakEven):
            "rank \(rank) makes '\(path)' larger: its factors have \(factorWeights) weights, the layer \(weights); "
                + "the largest rank that does not is \(breakEven) (its break-even rank), or leave the layer out with '@GLOB'"
        case .nmSparsityMismatch(let written, let kept, let group):
            "'nm:\(kept):\(group)' keeps \(kept) of every \(group) weights, a sparsity of "
                + NumberFormat.fixed(1 - Double(kept) / Double(group), decimals: 4).trimmingZeros
                + ", not '\(written)'; write 'sparsity=" + NumberFormat.fixed(1 - Double(kept) / Double(group), decimals: 4).trimmingZeros
                + ",format=nm:\(kept):\(group)'"
        case .groupsDoNotDivide(let path, let channels, let groups):
            "'\(path)' has \(channels) input channels, which do not split into \(groups) groups; choose 'groups=' dividing \(channels), or leave the layer out with '@GLOB'"
        case .cannotCouple(let path, let reason):
            "the channels at '\(path)' cannot be pruned consistently: \(reason)"
        case .nothingToCompress(let method, let what):
            "'\(method)' finds nothing to act on in this network (it applies to \(what))"
        case .budgetNotMet(let search, let budgets, let closest):
            "no value of '\(search)' meets \(budgets): \(closest); relax the budget or combine methods with '+'"
        }
    }
}

extension String {
    /// `0.5000` → `0.5`, `2.000` → `2`: a fixed-point number without trailing zeros.
    var trimmingZeros: String {
        guard contains(".") else { return self }
        var text = self
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

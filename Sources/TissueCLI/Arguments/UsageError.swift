/// A command line that cannot be bound. Cases carry context; sentences are made here only.
public enum UsageError: Error, Equatable, Sendable {
    case unknownCommand(String, suggestion: String?)
    /// An option before any command, such as `tissue --vesion`.
    case unknownGlobalOption(String, suggestion: String?)
    case unknownOption(String, command: String, suggestion: String?)
    case missingValue(option: String, valueName: String)
    case flagTakesNoValue(option: String)
    case invalidChoice(option: String, value: String, choices: [String], suggestion: String?)
    case invalidValue(option: String, value: String, expected: String)
    case repeatedOption(String)
    case missingArgument(String, command: String)
    case unexpectedArgument(String, command: String)
    case conflictingOptions(String, String)
    /// A name in an option's value that matches nothing: `--acc vg16=70` ("a model on the command line").
    case unknownReference(String, option: String, what: String, suggestion: String?)
    /// An option that only makes sense with another: `optionNeeds("min-ce", "'--baseline BASE.arch'")`.
    case optionNeeds(String, String)
    /// Values each valid alone whose counts together overflow a 64-bit integer.
    case countsOverflow(options: [String])
    /// A count beyond a documented limit: `outOfLimit("--runs", value: 10⁹, limit: 1000)`.
    case beyondLimit(option: String, value: String, limit: String, raiseWith: String?)
    /// An option the model at hand has nothing for: `--position` on a network that is not a decoder.
    case notForThisModel(option: String, reason: String)
    /// A value that reads but cannot be used, with the engine's sentence: `--method 'rank=40': rank 40 makes …`.
    case rejected(option: String, value: String, reason: String)

    public var message: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            "unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see 'tissue --help'")
        case .unknownGlobalOption(let name, let suggestion):
            "unknown option '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see 'tissue --help'")
        case .unknownOption(let name, let command, let suggestion):
            "unknown option '\(name)' for 'tissue \(command)'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see 'tissue \(command) --help'")
        case .missingValue(let option, let valueName):
            "option '--\(option)' needs a value, as in '--\(option) \(valueName)'"
        case .flagTakesNoValue(let option):
            "option '--\(option)' is a flag and takes no value"
        case .invalidChoice(let option, let value, let choices, let suggestion):
            "'\(value)' is not a valid value for '--\(option)'" + Self.didYouMean(suggestion)
                + " (choose from \(choices.joined(separator: ", ")))"
        case .invalidValue(let option, let value, let expected):
            "'\(value)' is not a valid value for '--\(option)': expected \(expected)"
        case .repeatedOption(let option):
            "option '--\(option)' is given more than once"
        case .missingArgument(let name, let command):
            "'tissue \(command)' needs \(name); see 'tissue \(command) --help'"
        case .unexpectedArgument(let value, let command):
            "unexpected argument '\(value)' for 'tissue \(command)'"
        case .conflictingOptions(let a, let b):
            "options '--\(a)' and '--\(b)' cannot be used together"
        case .unknownReference(let name, let option, let what, let suggestion):
            "'\(name)' in '--\(option)' is not \(what)" + Self.didYouMean(suggestion)
        case .optionNeeds(let option, let other):
            "option '--\(option)' needs \(other) as well"
        case .countsOverflow(let options):
            "the counts overflow a 64-bit integer; use smaller values for \(options.map { "'--\($0)'" }.joined(separator: ", "))"
        case .beyondLimit(let option, let value, let limit, let raise):
            "'\(value)' for '--\(option)' is beyond the limit of \(limit)" + (raise.map { "; raise it with '--\($0)'" } ?? "")
        case .notForThisModel(let option, let reason):
            "option '--\(option)' does not apply to this model: \(reason)"
        case .rejected(let option, let value, let reason):
            "--\(option) '\(value)': \(reason)"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}

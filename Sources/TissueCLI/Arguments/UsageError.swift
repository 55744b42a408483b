/// A command line that cannot be bound. Cases carry context; sentences are made here only.
public enum UsageError: Error, Equatable, Sendable {
    case unknownCommand(String, suggestion: String?)
    case unknownOption(String, command: String, suggestion: String?)
    case missingValue(option: String, valueName: String)
    case flagTakesNoValue(option: String)
    case invalidChoice(option: String, value: String, choices: [String], suggestion: String?)
    case invalidValue(option: String, value: String, expected: String)
    case repeatedOption(String)
    case missingArgument(String, command: String)
    case unexpectedArgument(String, command: String)
    case conflictingOptions(String, String)

    public var message: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            "unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see 'tissue --help'")
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
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}

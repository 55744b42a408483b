import TissueDiagnostics

/// Binds a command's raw arguments to its ``CommandSpec``.
///
/// Accepted forms: `--name value`, `--name=value`, `-n value`, flags `--name`/`-n`, `--` to end
/// options, and `-` as an ordinary positional (standard input).
public enum ArgumentBinder {
    public static func bind(_ arguments: [String], to spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(spec: spec)
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") || Self.isNegativeNumber(argument) {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            var inlineValue: String?
            let option: CommandSpec.Option
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let found = spec.option(named: name) else {
                    let names = spec.allOptions.map { "--" + $0.name }
                    throw .unknownOption("--" + name, command: spec.name,
                                         suggestion: Suggestion.closest(to: "--" + name, among: names))
                }
                option = found
            } else {
                let letters = Array(argument.dropFirst())
                guard letters.count == 1, let found = spec.option(short: letters[0]) else {
                    let names = spec.allOptions.map { "--" + $0.name }
                    throw .unknownOption(argument, command: spec.name,
                                         suggestion: Suggestion.closest(to: "-" + argument, among: names))
                }
                option = found
            }
            if option.isFlag {
                guard inlineValue == nil else { throw .flagTakesNoValue(option: option.name) }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count, arguments[index] == "-" || !arguments[index].hasPrefix("--") else {
                    throw .missingValue(option: option.name, valueName: option.valueName ?? "VALUE")
                }
                value = arguments[index]
                index += 1
            }
            if let choices = option.choices, !choices.contains(value) {
                throw .invalidChoice(option: option.name, value: value, choices: choices,
                                     suggestion: Suggestion.closest(to: value, among: choices))
            }
            if parsed.values[option.name] != nil, !option.repeating {
                throw .repeatedOption(option.name)
            }
            parsed.values[option.name, default: []].append(value)
        }
        if parsed.flag("help") { return parsed }
        try checkPositionals(parsed, spec)
        if let missing = spec.options.first(where: { $0.required && !parsed.wasGiven($0.name) }) {
            throw .missingArgument("--\(missing.name)" + (missing.valueName.map { " \($0)" } ?? ""), command: spec.name)
        }
        return parsed
    }

    private static func checkPositionals(_ parsed: ParsedArguments, _ spec: CommandSpec) throws(UsageError) {
        let required = spec.positionals.filter { !$0.optional }
        if parsed.positionals.count < required.count {
            throw .missingArgument(required[parsed.positionals.count].name, command: spec.name)
        }
        let repeats = spec.positionals.contains { $0.repeating }
        if !repeats, parsed.positionals.count > spec.positionals.count {
            throw .unexpectedArgument(parsed.positionals[spec.positionals.count], command: spec.name)
        }
    }

    private static func isNegativeNumber(_ argument: String) -> Bool {
        argument.count > 1 && argument.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
    }
}

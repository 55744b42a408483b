/// The declared interface of one command: what it accepts, with help text and defaults.
/// Help output, binding and `docs/cli.md` are all made from this one description.
public struct CommandSpec: Sendable {
    public var name: String
    public var abstract: String
    public var discussion: String
    public var positionals: [Positional]
    public var options: [Option]
    public var examples: [String]

    public struct Positional: Sendable {
        public var name: String
        public var help: String
        /// Several values (`FILE...`).
        public var repeating: Bool = false
        public var optional: Bool = false
    }

    public struct Option: Sendable {
        /// Long name without dashes, e.g. `convention`.
        public var name: String
        /// One-letter alias without the dash, e.g. `o`.
        public var short: Character?
        /// Placeholder for the value (`C`, `FILE`); nil for a flag.
        public var valueName: String?
        public var help: String
        public var defaultValue: String?
        /// Accepted values, when the set is closed.
        public var choices: [String]?
        /// May be given several times (`--acc a=1 --acc b=2`).
        public var repeating: Bool = false
        /// Must be given: shown without brackets in the synopsis, enforced when binding.
        public var required: Bool = false

        public init(_ name: String, short: Character? = nil, value: String? = nil, help: String,
                    default defaultValue: String? = nil, choices: [String]? = nil, repeating: Bool = false,
                    required: Bool = false) {
            self.required = required
            self.name = name
            self.short = short
            self.valueName = value
            self.help = help
            self.defaultValue = defaultValue
            self.choices = choices
            self.repeating = repeating
        }

        public var isFlag: Bool { valueName == nil }
    }

    /// Options every command accepts.
    static let commonOptions = [Option("help", short: "h", help: "Show help for this command.")]

    var allOptions: [Option] { options + Self.commonOptions }

    func option(named name: String) -> Option? {
        allOptions.first { $0.name == name }
    }

    func option(short: Character) -> Option? {
        allOptions.first { $0.short == short }
    }
}

import TissueNumerics

/// Arguments bound to a ``CommandSpec``: typed access to options and positionals.
public struct ParsedArguments: Sendable {
    public let spec: CommandSpec
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    public var positionals: [String] = []

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value, or its declared default.
    public func value(_ name: String) -> String? {
        values[name]?.last ?? spec.option(named: name)?.defaultValue
    }

    /// All values of a repeating option, in order.
    public func all(_ name: String) -> [String] { values[name] ?? [] }

    public func wasGiven(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// A value parsed into a `RawRepresentable` enum (choices were validated when binding).
    public func choice<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        value(name).flatMap(T.init(rawValue:))
    }

    /// A non-negative integer option.
    public func integer(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text.filter { $0 != "_" }), number >= 0 else {
            throw .invalidValue(option: name, value: text, expected: "a non-negative integer")
        }
        return number
    }

    /// A count such as `11.2M` or `5e5`-free integers with SI suffixes.
    public func quantity(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Quantity.parse(text) else {
            throw .invalidValue(option: name, value: text, expected: "an integer or a decimal with k, M, G or T, such as '11.2M'")
        }
        return number
    }
}

/// A decimal number kept as written (`76.13`), with its value as a Double for arithmetic, so
/// that reports can quote the user's own digits.
public struct DecimalLiteral: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var value: Double
    public var description: String { text }

    public init?(_ text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self.text = text
        self.value = value
    }
}

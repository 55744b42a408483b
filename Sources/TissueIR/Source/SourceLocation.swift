/// A place in a source text: 1-based line and column (columns count Unicode scalars),
/// plus the length of the token it points at, for the caret underline.
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int = 1) {
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

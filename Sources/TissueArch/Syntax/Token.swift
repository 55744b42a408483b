import TissueIR

/// A lexical token of the `.arch` language.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        /// An integer literal; `_` separators already removed.
        case integer(Int)
        /// A decimal literal such as `76.13` (kept as text so no precision is lost).
        case decimal(String)
        /// The `x` written between two numbers in `3x32x32` or `k=1x7`.
        case cross
        /// The rest of a `model` or `dataset` statement: any run of non-blank characters.
        case rawName(String)
        case symbol(Symbol)
        case newline
        case endOfFile
    }

    public enum Symbol: String, Sendable, CaseIterable {
        case leftParen = "(", rightParen = ")", leftBrace = "{", rightBrace = "}"
        case comma = ",", semicolon = ";", equals = "=", lessOrEqual = "<=", greaterOrEqual = ">="
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The exact source text of the token, for messages that quote the user.
    public var text: String
    /// UTF-8 offsets of the token in the source, to recover raw runs such as model names.
    public var range: Range<Int>

    public var isStatementEnd: Bool {
        switch kind {
        case .newline, .endOfFile, .symbol(.semicolon), .symbol(.rightBrace): true
        default: false
        }
    }

    public var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    /// How a token is quoted in a message: its text, or a description for invisible tokens.
    public var quoted: String {
        switch kind {
        case .newline: "end of line"
        case .endOfFile: "end of file"
        default: "'\(text)'"
        }
    }
}

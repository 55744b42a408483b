import TissueDiagnostics
import TissueIR

/// Splits `.arch` source text into tokens, one at a time: the parser pulls them as it goes, so
/// memory does not grow with the number of tokens.
///
/// Rules: `#` comments run to the end of the line; newlines end statements, and a run of them
/// (with blank or comment lines between) is one ``Token/Kind/newline`` token; integers may contain
/// `_`; an `x` directly between two digits (`3x32`) is a ``Token/Kind/cross``.
public struct Lexer {
    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// End offset of the last integer token, so that `3x32` can split at the `x`.
    private var integerEnd = -1
    /// True at the start of a statement: after a newline, `;`, `{`, `}` or at the beginning.
    private var atStatementStart = true
    /// Set after `model`/`dataset` opens a statement: the next run of non-blanks is one name.
    private var expectsRawName = false

    public init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// The names that follow `block` or `unit` anywhere in the source, found by a pass that keeps
    /// no tokens; it stops quietly at a lexical error, which the parser will report.
    static func definedNames(_ source: String) -> Set<String> {
        var lexer = Lexer(source)
        var names = Set<String>()
        var previous: String?
        while let token = try? lexer.next(), token.kind != .endOfFile {
            let word = token.identifier
            if let word, previous == "block" || previous == "unit" { names.insert(word) }
            previous = word
        }
        return names
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    /// A cursor (byte offset, column) on the current line, so that columns are found in one pass
    /// over each line however many tokens it holds.
    private var cursor = (offset: 0, column: 1)

    private mutating func column(of byteOffset: Int) -> Int {
        if cursor.offset < lineStart || cursor.offset > byteOffset { cursor = (lineStart, 1) }
        // Columns count Unicode scalars, so skip UTF-8 continuation bytes.
        var (i, column) = cursor
        while i < byteOffset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        cursor = (byteOffset, column)
        return column
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private mutating func make(_ kind: Token.Kind, from start: Int) -> Token {
        make(kind, text: text(start..<offset), from: start)
    }

    /// A token whose text the caller has already made (an identifier's is its payload too).
    private mutating func make(_ kind: Token.Kind, text: String, from start: Int) -> Token {
        // The caret's length in Unicode scalars: the bytes that do not continue a character.
        var scalars = 0
        for index in start..<offset where bytes[index] & 0xC0 != 0x80 { scalars += 1 }
        let location = SourceLocation(line: line, column: column(of: start), length: max(1, scalars))
        return Token(kind: kind, location: location, text: text, range: start..<offset)
    }

    mutating func next() throws(Diagnostic) -> Token {
        let token = try scan()
        switch token.kind {
        case .newline, .symbol(.semicolon), .symbol(.leftBrace), .symbol(.rightBrace):
            atStatementStart = true
            expectsRawName = false
        case .identifier(let word) where atStatementStart && (word == "model" || word == "dataset" || word == "baseline"):
            atStatementStart = false
            expectsRawName = true
        default:
            atStatementStart = false
            expectsRawName = false
        }
        return token
    }

    private mutating func scan() throws(Diagnostic) -> Token {
        skipBlanksAndComments()
        if expectsRawName, let byte = peek(), !byte.endsRawName {
            let start = offset
            while let b = peek(), !b.endsRawName { offset += 1 }
            let name = text(start..<offset)
            return make(.rawName(name), text: name, from: start)
        }
        let start = offset
        guard let byte = peek() else { return make(.endOfFile, from: start) }

        if byte == UInt8(ascii: "\n") {
            let token = Token(kind: .newline, location: SourceLocation(line: line, column: column(of: start)),
                              text: "\n", range: start..<start + 1)
            // Blank lines and comment lines add nothing: one token stands for the whole run.
            while peek() == UInt8(ascii: "\n") {
                offset += 1
                line += 1
                lineStart = offset
                skipBlanksAndComments()
            }
            return token
        }
        if byte.isDigit {
            let token = try number(from: start)
            if case .integer = token.kind { integerEnd = offset }
            return token
        }
        if byte == UInt8(ascii: "x"), start == integerEnd, peek(1)?.isDigit ?? false {
            offset += 1
            return make(.cross, from: start)
        }
        if byte.isIdentifierStart {
            while let b = peek(), b.isIdentifierContinue { offset += 1 }
            let word = text(start..<offset)
            return make(.identifier(word), text: word, from: start)
        }
        if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">"), peek(1) == UInt8(ascii: "=") {
            offset += 2
            return make(.symbol(byte == UInt8(ascii: "<") ? .lessOrEqual : .greaterOrEqual), from: start)
        }
        if let symbol = Token.Symbol(rawValue: String(UnicodeScalar(byte))) {
            offset += 1
            return make(.symbol(symbol), from: start)
        }
        // Consume one whole (possibly multi-byte) character for the message.
        offset += 1
        while let b = peek(), b & 0xC0 == 0x80 { offset += 1 }
        let bad = make(.endOfFile, from: start)
        // `budget params < 5M` or `≤`: the language has two comparisons, `<=` and `>=`.
        if ["<", "≤", ">", "≥"].contains(bad.text) { throw Diagnostic(.comparisonIsLessOrEqual(bad.text), at: bad.location) }
        throw Diagnostic(.unexpectedCharacter(bad.text), at: bad.location)
    }

    private mutating func skipBlanksAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                offset += 1
            } else if byte == UInt8(ascii: "#") {
                while let b = peek(), b != UInt8(ascii: "\n") { offset += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number(from start: Int) throws(Diagnostic) -> Token {
        while let b = peek(), b.isDigit || b == UInt8(ascii: "_") { offset += 1 }
        var isDecimal = false
        if peek() == UInt8(ascii: "."), let after = peek(1), after.isDigit {
            isDecimal = true
            offset += 1
            while let b = peek(), b.isDigit || b == UInt8(ascii: "_") { offset += 1 }
        }
        let raw = text(start..<offset)
        // `_` may only stand between two digits.
        var separators = false, misplacedSeparator = false
        for index in start..<offset where bytes[index] == UInt8(ascii: "_") {
            separators = true
            let after = index + 1 < offset ? bytes[index + 1] : nil
            if !(bytes[index - 1].isDigit && (after?.isDigit ?? false)) { misplacedSeparator = true }
        }
        let digits = separators ? raw.filter { $0 != "_" } : raw
        if misplacedSeparator {
            let token = make(.endOfFile, from: start)
            throw Diagnostic(.invalidNumber(raw), at: token.location)
        }
        if isDecimal { return make(.decimal(digits), from: start) }
        guard let value = Int(digits) else {
            let token = make(.endOfFile, from: start)
            throw Diagnostic(.numberTooLarge(raw), at: token.location)
        }
        return make(.integer(value), from: start)
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isIdentifierStart: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || self == UInt8(ascii: "_")
    }
    var isIdentifierContinue: Bool { isIdentifierStart || isDigit }
    var endsRawName: Bool {
        self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == UInt8(ascii: "\r") || self == UInt8(ascii: "\n")
            || self == UInt8(ascii: ";") || self == UInt8(ascii: "#")
    }
}

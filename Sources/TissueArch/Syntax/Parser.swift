import TissueDiagnostics
import TissueIR

/// Turns tokens into a ``SourceFile`` syntax tree.
///
/// A hand-written recursive-descent parser. It checks everything that can be checked without
/// evaluating expressions (statement forms, attribute names, definitions); the expander
/// checks the rest. The first error stops parsing: one precise message beats many guesses.
public struct Parser {
    var lexer: Lexer
    /// The token being looked at.
    var current: Token
    /// Tokens read past the current one by ``peek(_:)`` (at most a couple).
    var lookahead: [Token] = []
    /// The last token consumed, for errors that point just behind the current one.
    var previous: Token?
    var file = SourceFile()
    /// The whole text, for a second look when an error needs the names the file defines
    /// (``Lexer/definedNames(_:)``).
    let source: String
    /// Statements written so far, in every body (see ``maximumStatements``).
    var statements = 0
    let maximumStatements: Int

    /// Limit on nested braces, so that a pathological file cannot exhaust the stack.
    static let maximumNesting = 64
    var nesting = 0
    /// Operators in the expression being parsed (see ``maximumOperators``), counted from its
    /// outermost level, where `parentheses` is 0.
    var operators = 0
    var parentheses = 0

    /// Parses a whole file. A file with more than `maximumStatements` statements (counted in
    /// every body) is refused as soon as it has that many: it could never expand within the
    /// expander's statement limit, and holding its tree would take memory in proportion.
    public static func parse(_ source: String, maximumStatements: Int = ExpansionLimits().statements) throws(Diagnostic) -> SourceFile {
        var parser = try Parser(source, maximumStatements: maximumStatements)
        return try parser.parseFile()
    }

    init(_ source: String, maximumStatements: Int) throws(Diagnostic) {
        lexer = Lexer(source)
        self.source = source
        self.maximumStatements = maximumStatements
        current = try lexer.next()
    }

    // MARK: Token access

    /// The token `ahead` places after the current one (the end of file repeats at the end).
    mutating func peek(_ ahead: Int = 1) throws(Diagnostic) -> Token {
        while lookahead.count < ahead {
            let last = lookahead.last ?? current
            guard last.kind != .endOfFile else { return last }
            lookahead.append(try lexer.next())
        }
        return lookahead[ahead - 1]
    }

    /// The first token from the current one on that is not a newline (a run of newlines is one token).
    mutating func peekPastNewline() throws(Diagnostic) -> Token {
        current.kind == .newline ? try peek(1) : current
    }

    @discardableResult
    mutating func advance() throws(Diagnostic) -> Token {
        let token = current
        guard token.kind != .endOfFile else { return token }
        current = lookahead.isEmpty ? try lexer.next() : lookahead.removeFirst()
        previous = token
        return token
    }

    /// Counts one more written statement against ``maximumStatements``.
    mutating func countStatement(at location: SourceLocation) throws(Diagnostic) {
        statements += 1
        guard statements <= maximumStatements else {
            throw Diagnostic(.tooManyStatements(maximumStatements), at: location)
        }
    }

    func isSymbol(_ symbol: Token.Symbol) -> Bool {
        current.kind == .symbol(symbol)
    }

    /// The current token if it is `symbol`; the context is only made when it is not.
    mutating func expect(_ symbol: Token.Symbol, _ context: @autoclosure () -> String) throws(Diagnostic) -> Token {
        guard isSymbol(symbol) else {
            throw Diagnostic(.expected("'\(symbol.rawValue)' \(context())", found: current.quoted), at: current.location)
        }
        return try advance()
    }

    mutating func skipNewlines() throws(Diagnostic) {
        while current.kind == .newline { try advance() }
    }

    mutating func skipSeparators() throws(Diagnostic) {
        while current.kind == .newline || isSymbol(.semicolon) { try advance() }
    }

    /// After a statement: a newline, `;`, the end of the file, or (inside a body) `}`.
    mutating func expectStatementEnd(after what: String) throws(Diagnostic) {
        guard current.isStatementEnd else {
            throw Diagnostic(.unexpectedAfterStatement(current.quoted, statement: what), at: current.location)
        }
    }

    // MARK: Top level

    mutating func parseFile() throws(Diagnostic) -> SourceFile {
        while true {
            try skipSeparators()
            if current.kind == .endOfFile { break }
            if isSymbol(.rightBrace) {
                throw Diagnostic(.unbalancedBrace, at: current.location)
            }
            try parseTopLevelItem()
        }
        try checkDefinitions()
        return file
    }

    mutating func parseTopLevelItem() throws(Diagnostic) {
        let start = current
        switch start.identifier.flatMap(Keyword.init(word:)) {
        case .model:
            try advance()
            let name = try parseRawName(for: "model", example: "model resnet18-cifar10")
            guard file.modelName == nil else { throw Diagnostic(.duplicateStatement("model"), at: start.location) }
            file.modelName = name
        case .dataset:
            try advance()
            let name = try parseRawName(for: "dataset", example: "dataset cifar10")
            guard file.metadata.dataset == nil else { throw Diagnostic(.duplicateStatement("dataset"), at: start.location) }
            file.metadata.dataset = name
        case .input:
            try advance()
            guard file.input == nil else { throw Diagnostic(.duplicateStatement("input"), at: start.location) }
            let dims = try parseDimensions()
            file.input = .init(dimensions: dims, location: start.location)
        case .accuracy:
            try advance()
            guard file.metadata.accuracy == nil else { throw Diagnostic(.duplicateStatement("accuracy"), at: start.location) }
            file.metadata.accuracy = try parseAccuracy()
        case .budget:
            try advance()
            file.metadata.budgets.append(try parseBudget(at: start.location))
        case .baseline:
            try advance()
            let path = try parseRawName(for: "baseline", example: "baseline ../zoo/resnet18-cifar10.arch")
            guard file.metadata.baseline == nil else { throw Diagnostic(.duplicateStatement("baseline"), at: start.location) }
            file.metadata.baseline = .init(path: path, location: start.location)
        case .block, .unit:
            file.add(try parseDefinition())
            return
        case .residual, .shortcut, .concat, .repeat, .stack, .scale, .matmul, .in, .true, .false, .same, nil:
            let statement = try parseStatement()
            if file.input == nil {
                throw Diagnostic(.layerBeforeInput(start.text), at: start.location)
            }
            file.body.append(statement)
            try expectStatementEnd(after: start.text)
            if isSymbol(.rightBrace) { throw Diagnostic(.unbalancedBrace, at: current.location) }
            return
        }
        try expectStatementEnd(after: start.text)
    }

    /// `model NAME` / `dataset NAME`: the lexer hands the name over as one raw token.
    mutating func parseRawName(for statement: String, example: String) throws(Diagnostic) -> String {
        guard case .rawName(let name) = current.kind else {
            throw Diagnostic(.expected("a name after '\(statement)', as in '\(example)'", found: current.quoted),
                             at: current.location)
        }
        try advance()
        return name
    }

    /// `3x32x32` (a map), `784` (a vector) or `197x768` (tokens).
    mutating func parseDimensions() throws(Diagnostic) -> [Int] {
        var dims: [Int] = []
        repeat {
            if !dims.isEmpty { try advance() }
            guard case .integer(let value) = current.kind else {
                throw Diagnostic(.expected("dimensions such as '3x32x32' or '784' after 'input'", found: current.quoted),
                                 at: current.location)
            }
            guard value > 0 else { throw Diagnostic(.nonPositive("an input dimension", value), at: current.location) }
            dims.append(value)
            try advance()
        } while current.kind == .cross || current.identifier == "x"
        guard (1...3).contains(dims.count) else {
            throw Diagnostic(.inputRank(dims.count), at: (previous ?? current).location)
        }
        return dims
    }

    /// Every call names a definition of the right kind; definitions do not shadow keywords.
    func checkDefinitions() throws(Diagnostic) {
        var seen: [String: SourceLocation] = [:]
        for definition in file.definitions {
            if let previous = seen[definition.name] {
                throw Diagnostic(.duplicateDefinition(definition.name, previous: previous), at: definition.location)
            }
            seen[definition.name] = definition.location
        }
    }
}

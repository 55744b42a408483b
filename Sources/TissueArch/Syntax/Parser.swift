import TissueDiagnostics
import TissueIR

/// Turns tokens into a ``SourceFile`` syntax tree.
///
/// A hand-written recursive-descent parser. It checks everything that can be checked without
/// evaluating expressions (statement forms, attribute names, definitions); the expander
/// checks the rest. The first error stops parsing: one precise message beats many guesses.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var file = SourceFile()
    /// Names defined with `block`/`unit` anywhere in the file, found by a pre-scan so that
    /// calls may come before definitions and misspellings can be matched against them.
    let definedNames: [String]

    /// Limit on nested braces, so that a pathological file cannot exhaust the stack.
    static let maximumNesting = 64
    var nesting = 0
    /// Operators in the expression being parsed (see ``maximumOperators``).
    var operators = 0

    public static func parse(_ source: String) throws(Diagnostic) -> SourceFile {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        return try parser.parseFile()
    }

    init(tokens: [Token]) {
        self.tokens = tokens
        var names: [String] = []
        for (i, token) in tokens.enumerated() where i + 1 < tokens.count {
            if token.identifier == "block" || token.identifier == "unit", let name = tokens[i + 1].identifier {
                names.append(name)
            }
        }
        definedNames = names
    }

    // MARK: Token access

    var current: Token { tokens[index] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func isSymbol(_ symbol: Token.Symbol) -> Bool {
        current.kind == .symbol(symbol)
    }

    mutating func expect(_ symbol: Token.Symbol, _ context: String) throws(Diagnostic) -> Token {
        guard isSymbol(symbol) else {
            throw Diagnostic(.expected("'\(symbol.rawValue)' \(context)", found: current.quoted), at: current.location)
        }
        return advance()
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    mutating func skipSeparators() {
        while current.kind == .newline || isSymbol(.semicolon) { advance() }
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
            skipSeparators()
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
        switch start.identifier.flatMap(Keyword.init(rawValue:)) {
        case .model:
            advance()
            let name = try parseRawName(for: "model", example: "model resnet18-cifar10")
            guard file.modelName == nil else { throw Diagnostic(.duplicateStatement("model"), at: start.location) }
            file.modelName = name
        case .dataset:
            advance()
            let name = try parseRawName(for: "dataset", example: "dataset cifar10")
            guard file.metadata.dataset == nil else { throw Diagnostic(.duplicateStatement("dataset"), at: start.location) }
            file.metadata.dataset = name
        case .input:
            advance()
            guard file.input == nil else { throw Diagnostic(.duplicateStatement("input"), at: start.location) }
            let dims = try parseDimensions()
            file.input = .init(dimensions: dims, location: start.location)
        case .accuracy:
            advance()
            guard file.metadata.accuracy == nil else { throw Diagnostic(.duplicateStatement("accuracy"), at: start.location) }
            file.metadata.accuracy = try parseAccuracy()
        case .budget:
            advance()
            file.metadata.budgets.append(try parseBudget(at: start.location))
        case .block, .unit:
            file.definitions.append(try parseDefinition())
            return
        case .residual, .shortcut, .concat, .repeat, .stack, .in, .true, .false, .same, nil:
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
        advance()
        return name
    }

    /// `3x32x32` or `784`.
    mutating func parseDimensions() throws(Diagnostic) -> [Int] {
        var dims: [Int] = []
        repeat {
            if !dims.isEmpty { advance() }
            guard case .integer(let value) = current.kind else {
                throw Diagnostic(.expected("dimensions such as '3x32x32' or '784' after 'input'", found: current.quoted),
                                 at: current.location)
            }
            guard value > 0 else { throw Diagnostic(.nonPositive("an input dimension", value), at: current.location) }
            dims.append(value)
            advance()
        } while current.kind == .cross || current.identifier == "x"
        guard dims.count == 1 || dims.count == 3 else {
            throw Diagnostic(.inputRank(dims.count), at: tokens[max(0, index - 1)].location)
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

import TissueDiagnostics

extension Parser {
    /// value := expression [ 'x' expression ]   (the pair form is height x width)
    mutating func parseValue() throws(Diagnostic) -> Expression {
        let first = try parseExpression()
        guard current.kind == .cross || current.identifier == "x" else { return first }
        let cross = try advance()
        return .pair(first, try parseExpression(), cross.location)
    }

    /// Operators allowed in one expression: evaluation recurses over the tree, so its depth is bounded.
    static let maximumOperators = 256

    mutating func countOperator(_ token: Token) throws(Diagnostic) {
        operators += 1
        guard operators <= Parser.maximumOperators else {
            throw Diagnostic(.expressionTooLong(Parser.maximumOperators), at: token.location)
        }
    }

    /// expression := term (('+' | '-') term)*
    mutating func parseExpression() throws(Diagnostic) -> Expression {
        if parentheses == 0 { operators = 0 }
        var result = try parseTerm()
        while isSymbol(.plus) || isSymbol(.minus) {
            let op = try advance()
            try countOperator(op)
            let rhs = try parseTerm()
            result = .binary(op.text == "+" ? .add : .subtract, result, rhs, op.location)
        }
        return result
    }

    /// term := unary (('*' | '/') unary)*
    mutating func parseTerm() throws(Diagnostic) -> Expression {
        var result = try parseUnary()
        while isSymbol(.star) || isSymbol(.slash) {
            let op = try advance()
            try countOperator(op)
            let rhs = try parseUnary()
            result = .binary(op.text == "*" ? .multiply : .divide, result, rhs, op.location)
        }
        return result
    }

    mutating func parseUnary() throws(Diagnostic) -> Expression {
        guard isSymbol(.minus) else { return try parsePrimary() }
        let minus = try advance()
        try countOperator(minus)
        return .negate(try parseUnary(), minus.location)
    }

    /// primary := integer | name | 'in' | 'true' | 'false' | 'same' | '(' expression ')'
    mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .integer(let value):
            try advance()
            return .integer(value, token.location)
        case .identifier(let word):
            try advance()
            switch Keyword(word: word) {
            case .true: return .boolean(true, token.location)
            case .false: return .boolean(false, token.location)
            case .same: return .same(token.location)
            case .model, .input, .accuracy, .dataset, .budget, .baseline, .block, .unit, .residual, .shortcut, .concat, .repeat, .stack,
                 .scale, .matmul, .in, nil:
                return .name(word, token.location)
            }
        case .symbol(.leftParen):
            try advance()
            nesting += 1
            parentheses += 1
            defer {
                nesting -= 1
                parentheses -= 1
            }
            guard nesting <= Parser.maximumNesting else {
                throw Diagnostic(.nestingTooDeep(Parser.maximumNesting), at: token.location)
            }
            let inner = try parseValue()
            _ = try expect(.rightParen, "to close the parenthesis")
            return inner
        case .decimal:
            throw Diagnostic(.decimalNotAllowed(token.text), at: token.location)
        default:
            throw Diagnostic(.expected("a number or a name", found: token.quoted), at: token.location)
        }
    }
}

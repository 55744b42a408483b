import TissueDiagnostics
import TissueIR

extension Parser {
    /// One statement of a body: a layer, a block call, or a composite.
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current
        try countStatement(at: start.location)
        guard let word = start.identifier else {
            throw Diagnostic(.expected("a layer, a block call or a composite", found: start.quoted), at: start.location)
        }
        if let keyword = OperationKind(keyword: word) {
            return Statement(.layer(try parseLayer(keyword)), at: start.location)
        }
        switch Keyword(word: word) {
        case .residual:
            try advance()
            let body = try parseBody(of: "residual")
            var shortcut: [Statement]?
            if try peekPastNewline().identifier == Keyword.shortcut.rawValue {
                try skipNewlines()
                try advance()
                shortcut = try parseBody(of: "shortcut")
            }
            return Statement(.residual(body: body, shortcut: shortcut), at: start.location)
        case .concat:
            try advance()
            var axis = ConcatAxis.channels
            if current.identifier == "tokens" {
                try advance()
                axis = .tokens
            } else if current.identifier != nil {
                throw Diagnostic(.expected("'{' or 'tokens' after 'concat' ('concat tokens { A } { B }' joins sequences along the token axis)",
                                           found: current.quoted), at: current.location)
            }
            var branches = [try parseBody(of: "concat")]
            while try peekPastNewline().kind == .symbol(.leftBrace) {
                branches.append(try parseBody(of: "concat"))
            }
            return Statement(.concat(branches: branches, along: axis), at: start.location)
        case .scale:
            try advance()
            return Statement(.scale(body: try parseBody(of: "scale")), at: start.location)
        case .matmul:
            try advance()
            let left = try parseBody(of: "matmul")
            guard try peekPastNewline().kind == .symbol(.leftBrace) else {
                throw Diagnostic(.expected("a second body '{ ... }': 'matmul { A } { B }' multiplies A(x) by B(x)",
                                           found: current.quoted), at: current.location)
            }
            return Statement(.matmul(left: left, right: try parseBody(of: "matmul")), at: start.location)
        case .repeat:
            try advance()
            let count = try parseExpression()
            return Statement(.repeat(count: count, body: try parseBody(of: "repeat")), at: start.location)
        case .stack:
            try advance()
            return Statement(.stack(items: try parseStackItems()), at: start.location)
        case .shortcut:
            throw Diagnostic(.shortcutWithoutResidual, at: start.location)
        case .model, .input, .accuracy, .dataset, .budget, .baseline, .block, .unit:
            throw Diagnostic(.topLevelOnly(word), at: start.location)
        case .in, .true, .false, .same:
            throw Diagnostic(.expected("a layer, a block call or a composite", found: start.quoted), at: start.location)
        case nil:
            if try peek().kind == .symbol(.leftParen) {
                return Statement(.call(try parseCall()), at: start.location)
            }
            // Only now, on the way to an error, are the file's definitions worth finding.
            let definedNames = Lexer.definedNames(source)
            if definedNames.contains(word) {
                throw Diagnostic(.callNeedsParentheses(word), at: start.location)
            }
            // A name from another tool first: meaning beats spelling (`swish` is `silu`, not `hswish`).
            switch ForeignName.meaning(of: word) {
            case .means(let keyword):
                throw Diagnostic(.unknownOperation(word, suggestion: keyword), at: start.location)
            case .unmodelled(let what):
                throw Diagnostic(.unmodelledOperation(word, what: what), at: start.location)
            case nil:
                break
            }
            let candidates = OperationKind.layerKeywords.map(\.rawValue) + ["residual", "concat", "scale", "matmul", "repeat", "stack"] + definedNames
            throw Diagnostic(.unknownOperation(word, suggestion: Suggestion.closest(to: word, among: candidates)),
                             at: start.location)
        }
    }

    /// `{ statements }`
    mutating func parseBody(of owner: @autoclosure () -> String) throws(Diagnostic) -> [Statement] {
        try skipNewlines()
        let open = try expect(.leftBrace, "to open the body of '\(owner())'")
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Parser.maximumNesting else {
            throw Diagnostic(.nestingTooDeep(Parser.maximumNesting), at: open.location)
        }
        var statements: [Statement] = []
        while true {
            try skipSeparators()
            if isSymbol(.rightBrace) { try advance(); return statements }
            if current.kind == .endOfFile {
                throw Diagnostic(.unclosedBrace(owner()), at: open.location)
            }
            let first = current
            statements.append(try parseStatement())
            try expectStatementEnd(after: first.text)
        }
    }

    /// `conv 64 k=3 s=2 p=1 bias=false`
    mutating func parseLayer(_ keyword: OperationKind) throws(Diagnostic) -> Statement.Layer {
        let opToken = try advance()
        var layer = Statement.Layer(keyword: keyword, positional: nil, attributes: [])
        let next = try peek()
        let startsAttribute = current.identifier != nil && (next.kind == .symbol(.equals) || current.identifier == "fn")
        if !current.isStatementEnd && !startsAttribute {
            switch keyword.positional {
            case .required:
                layer.positional = try parseValue()
            case .none:
                // `dropout 0.5`: the probability changes no count; accept and ignore it.
                if keyword == .dropout || keyword == .droppath, case .decimal = current.kind {
                    try advance()
                } else {
                    throw Diagnostic(.unexpectedPositional(keyword.rawValue, found: current.quoted), at: current.location)
                }
            }
        }
        if case .required(let what) = keyword.positional, layer.positional == nil {
            throw Diagnostic(.missingPositional(keyword.rawValue, what: what), at: opToken.location)
        }
        while !current.isStatementEnd {
            if current.identifier == "fn", try peek().kind != .symbol(.equals) {
                try advance()
                layer.function = true
                continue
            }
            guard let name = current.identifier, try peek().kind == .symbol(.equals) else {
                throw Diagnostic(.expectedAttribute(keyword.rawValue, found: current.quoted), at: current.location)
            }
            let nameToken = try advance()
            try advance()  // '='
            guard keyword.attributes.contains(name) else {
                throw Diagnostic(.unknownAttribute(name, operation: keyword.rawValue,
                                                   suggestion: keyword.attribute(forSynonym: name)
                                                       ?? Suggestion.closest(to: name, among: keyword.attributes),
                                                   accepted: keyword.attributes),
                                 at: nameToken.location)
            }
            guard !layer.attributes.contains(where: { $0.name == name }) else {
                throw Diagnostic(.duplicateAttribute(name), at: nameToken.location)
            }
            layer.attributes.append(.init(name: name, value: try parseValue(), location: nameToken.location))
        }
        for required in keyword.requiredAttributes where !layer.attributes.contains(where: { $0.name == required }) {
            throw Diagnostic(.missingAttribute(required, operation: keyword.rawValue), at: opToken.location)
        }
        return layer
    }

    /// `name(arg, key=value)`
    mutating func parseCall() throws(Diagnostic) -> Statement.Call {
        let nameToken = try advance()
        let name = nameToken.identifier ?? nameToken.text
        _ = try expect(.leftParen, "after '\(name)'")
        var arguments: [Statement.Argument] = []
        try skipNewlines()
        while !isSymbol(.rightParen) {
            if !arguments.isEmpty {
                _ = try expect(.comma, "between the arguments of '\(name)'")
                try skipNewlines()
            }
            let argStart = current
            var label: String?
            if let word = current.identifier, try peek().kind == .symbol(.equals) {
                label = word
                try advance()
                try advance()
            }
            arguments.append(.init(label: label, value: try parseValue(), location: argStart.location))
            try skipNewlines()
            if current.kind == .endOfFile {
                throw Diagnostic(.expected("')' to close the call of '\(name)'", found: current.quoted), at: current.location)
            }
        }
        try advance()
        return .init(name: name, arguments: arguments, location: nameToken.location)
    }

    /// `N x unit(args), M x unit2(args)`
    mutating func parseStackItems() throws(Diagnostic) -> [Statement.StackItem] {
        var items: [Statement.StackItem] = []
        repeat {
            if !items.isEmpty {
                try advance()
                try skipNewlines()
            }
            let count = try parsePrimary()
            guard current.kind == .cross || current.identifier == "x" else {
                throw Diagnostic(.expected("'x' between the count and the unit, as in 'stack 32 x bu(2, 4, 4)'",
                                           found: current.quoted), at: current.location)
            }
            try advance()
            guard current.identifier != nil, try peek().kind == .symbol(.leftParen) else {
                throw Diagnostic(.expected("a unit call such as 'bu(2, 4, 4)'", found: current.quoted), at: current.location)
            }
            items.append(.init(count: count, unit: try parseCall()))
        } while isSymbol(.comma)
        return items
    }

    /// `block NAME(params) { BODY }` or `unit NAME(params) in WIDTH { BODY }`
    mutating func parseDefinition() throws(Diagnostic) -> Definition {
        let kindToken = try advance()
        let kind: Definition.Kind = kindToken.identifier == "unit" ? .unit : .block
        guard let name = current.identifier else {
            throw Diagnostic(.expected("a name after '\(kind.rawValue)'", found: current.quoted), at: current.location)
        }
        let nameToken = try advance()
        if OperationKind(keyword: name) != nil || Keyword(word: name) != nil {
            throw Diagnostic(.definitionShadowsKeyword(name, kind: kind.rawValue), at: nameToken.location)
        }
        _ = try expect(.leftParen, "after the name of \(kind.rawValue) '\(name)' (write '\(name)()' for none)")
        var parameters: [Definition.Parameter] = []
        try skipNewlines()
        while !isSymbol(.rightParen) {
            if !parameters.isEmpty {
                _ = try expect(.comma, "between parameters")
                try skipNewlines()
            }
            guard let parameter = current.identifier, Keyword(word: parameter) == nil else {
                throw Diagnostic(.expected("a parameter name", found: current.quoted), at: current.location)
            }
            let parameterToken = try advance()
            if parameters.contains(where: { $0.name == parameter }) {
                throw Diagnostic(.duplicateParameter(parameter), at: parameterToken.location)
            }
            var defaultValue: Expression?
            if isSymbol(.equals) {
                try advance()
                defaultValue = try parseValue()
            } else if parameters.last?.defaultValue != nil {
                throw Diagnostic(.parameterWithoutDefault(parameter), at: parameterToken.location)
            }
            parameters.append(.init(name: parameter, defaultValue: defaultValue, location: parameterToken.location))
            try skipNewlines()
        }
        try advance()
        var width: Expression?
        if kind == .unit {
            guard current.identifier == "in" else {
                throw Diagnostic(.expected("'in WIDTH' after the parameters of unit '\(name)', as in 'unit bu(c1, c2) in c1'",
                                           found: current.quoted), at: current.location)
            }
            try advance()
            width = try parseExpression()
        }
        let body = try parseBody(of: "\(kind.rawValue) \(name)")
        return Definition(kind: kind, name: name, parameters: parameters, inputWidth: width, body: body,
                          location: nameToken.location)
    }
}

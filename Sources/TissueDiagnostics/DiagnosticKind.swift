import TissueIR

/// Every error the engine can report about a user's input. Cases carry the context;
/// the sentences are made here and nowhere else, so wording stays consistent.
/// User tokens are quoted in single quotes.
public enum DiagnosticKind: Sendable, Equatable {
    // Lexing
    case unexpectedCharacter(String)
    case invalidNumber(String)
    case numberTooLarge(String)
    // Parsing
    case expected(String, found: String)
    case unexpectedAfterStatement(String, statement: String)
    case unbalancedBrace
    case unclosedBrace(String)
    case nestingTooDeep(Int)
    case expressionTooLong(Int)
    case duplicateStatement(String)
    case topLevelOnly(String)
    case layerBeforeInput(String)
    case inputRank(Int)
    case missingInput
    case unknownOperation(String, suggestion: String?)
    /// A layer another tool has and tissue does not model (`deconv`, `elu`): said plainly, no near miss.
    case unmodelledOperation(String, what: String)
    case callNeedsParentheses(String)
    case shortcutWithoutResidual
    case unexpectedPositional(String, found: String)
    case missingPositional(String, what: String)
    case expectedAttribute(String, found: String)
    case unknownAttribute(String, operation: String, suggestion: String?, accepted: [String])
    case duplicateAttribute(String)
    case missingAttribute(String, operation: String)
    case definitionShadowsKeyword(String, kind: String)
    case duplicateDefinition(String, previous: SourceLocation)
    case duplicateParameter(String)
    case parameterWithoutDefault(String)
    case decimalNotAllowed(String)
    case accuracyOutOfRange(String)
    case unknownBudgetMetric(String, suggestion: String?)
    case invalidQuantity(String)
    case detachedQuantitySuffix(number: String, suffix: String)
    case comparisonIsLessOrEqual(String)
    /// `budget ce <= 2` or `budget params >= 1M`: the metric's comparison is the other one.
    case budgetComparison(BudgetMetric, found: String)
    /// `budget ce >= 2M`: a score is a plain decimal.
    case invalidScore(String, metric: String)
    // Expansion
    case unknownName(String, suggestion: String?)
    case unknownBlock(String, suggestion: String?)
    case wrongDefinitionKind(String, expected: String, actual: String)
    case tooManyArguments(String, expected: Int, given: Int)
    case missingArgument(String, parameter: String)
    case unknownArgument(String, callee: String, suggestion: String?)
    case duplicateArgument(String)
    case positionalAfterNamed(String)
    case inexactDivision(Int, Int)
    case divisionByZero(Int)
    case arithmeticOverflow
    case typeMismatch(expected: String, found: String)
    case nonPositive(String, Int)
    case negative(String, Int)
    case callDepthExceeded(Int)
    case nodeLimitExceeded(Int)
    case tooManyStatements(Int)
    case inputTooLarge(bytes: Int, limit: Int)
    // Shapes
    case linearNeedsVector([Int])
    case needsImage(String, [Int])
    case emptyOutput(String, input: [Int], detail: String)
    case groupsDoNotDivide(String, channels: Int, groups: Int)
    case paddingTooLarge(String, padding: Int, kernel: Int)
    case sameNeedsOddWindow(kernel: Int, dilation: Int)
    case residualMismatch(body: [Int], shortcut: [Int])
    case concatMismatch([Int], [Int])
    case broadcastMismatch(String, [Int], [Int])
    case needsShape(String, expected: String, [Int])
    /// A setting the operation cannot have; `requirement` says what it must be.
    case invalidSetting(String, setting: String, value: Int, requirement: String?)
    case matmulMismatch([Int], [Int])
    case headsDoNotDivide(String, width: Int, heads: Int)
    case tokenOutOfRange(index: Int, tokens: Int)
    case tooFewPositions(positions: Int, tokens: Int)
    case tiedWithoutEmbedding(outFeatures: Int, inFeatures: Int)
    case stackWidthMismatch(sum: Int, channels: Int)
    case tooManyUnits(count: Int, limit: Int)
    case stackOutputMismatch([Int], [Int])
    case stackNeedsUnit(String)
    case emptyUnitShape(String)
    // Costs
    case countOverflow(path: String)
    /// A graph that breaks the IR's own rules: a faulty front end or transform, not the user.
    case graph(String)
    // Transforms
    case pieceDoesNotDivide(path: String, width: Int, piece: Int)
    case unitOutputNotWhole(path: String, piece: Int, output: Int, input: Int)
    /// No candidate at a `--replace` path: what is there (`found`), the kinds the rule stacks.
    case unknownBlockPath(String, found: String?, kinds: [String], suggestion: String?)
    case nothingToStack(String, kinds: [String])
    case hiddenPerStageCount(given: Int, stages: [String])
    /// `--unit FILE:NAME`: no unit NAME in the file, a unit that is not a plain sequence of
    /// layers, one with fewer than three parameters, or one that fits no candidate.
    case unitNotDefined(String, suggestion: String?)
    case unitNotATemplate(String)
    case unitNeedsWidths(String, parameters: Int)
    case unitFitsNowhere(String, tried: String)
    case unitDoesNotFit(String, path: String, expected: [Int], found: [Int])
    case tooManyDesigns(count: String, limit: Int)
    case transformNeedsLayout
    /// A compression method (`tissue compress --method`) as written, or what it meets.
    case compression(CompressionProblem)
    // Results files (CSV) and table specs
    case csvUnterminatedQuote
    case csvTextAfterQuote(String)
    case unknownResultsColumn(String, suggestion: String?, accepted: [String])
    case missingResultsColumn(String)
    case extraResultsFields(expected: Int, found: Int)
    case invalidResultsNumber(String, column: String)
    case unknownRole(String, suggestion: String?, accepted: [String])
    case unknownUnit(String, accepted: [String])
    case unknownSpecStatement(String, suggestion: String?)
    case unterminatedString
    case unknownColumn(String, suggestion: String?, accepted: [String])
    case unknownResultsSource(String, suggestion: String?)
    case noMatchingResults(source: String, filter: String, suggestion: String?)
    case unknownTarget(String, suggestion: String?)
    case emptyTable
    case cannotReadReferenced(String, reason: String)
    // Budgets
    case noBudgets
    case scoreNeedsBaseline(String)
    case missingAccuracy(String)
    case undefinedScore(String, reason: String)
    case budgetOverflow(String)

    public var description: String {
        switch self {
        case .unexpectedCharacter(let c):
            "unexpected character \(Self.describe(character: c)); names are letters, digits and '_', and '#' starts a comment"
        case .invalidNumber(let text):
            "'\(text)' is not a valid number; '_' may only separate digits, as in '1_000'"
        case .numberTooLarge(let text):
            "the number '\(text)' is too large (the largest is \(Int.max))"
        case .expected(let what, let found):
            "expected \(what), found \(found)"
        case .unexpectedAfterStatement(let found, let statement):
            "unexpected \(found) after '\(statement)' statement; separate statements with a newline or ';'"
        case .unbalancedBrace:
            "'}' without a matching '{'"
        case .unclosedBrace(let owner):
            "the body of '\(owner)' is never closed; add a '}'"
        case .nestingTooDeep(let limit):
            "nesting is deeper than \(limit) levels"
        case .expressionTooLong(let limit):
            "the expression has more than \(limit) operators; split it or simplify it"
        case .duplicateStatement(let word):
            "'\(word)' is given twice; keep one"
        case .topLevelOnly(let word):
            "'\(word)' is only allowed at the top level of the file, not inside a body"
        case .layerBeforeInput(let word):
            "'\(word)' comes before the 'input' statement; declare the input first, as in 'input 3x32x32'"
        case .missingInput:
            "the file has no 'input' statement; declare the input before the first layer, as in 'input 3x32x32'"
        case .inputRank(let count):
            "an input has 1 dimension (a vector, e.g. '784'), 2 (tokens NxD, e.g. '197x768') or 3 (CxHxW, e.g. '3x32x32'), not \(count)"
        case .unknownOperation(let word, let suggestion):
            "unknown operation '\(word)'" + Self.didYouMean(suggestion)
        case .unmodelledOperation(let word, let what):
            "'\(word)' is \(what), which tissue does not model; docs/language.md lists the layers it counts"
        case .callNeedsParentheses(let name):
            "'\(name)' is a block; call it with parentheses, as in '\(name)()'"
        case .shortcutWithoutResidual:
            "'shortcut' must directly follow the body of a 'residual', as in 'residual { ... } shortcut { ... }'"
        case .unexpectedPositional(let op, let found):
            "'\(op)' takes no value, found \(found); its settings are written as 'key=value'"
        case .missingPositional(let op, let what):
            "'\(op)' needs its \(what), as in '\(op) 64\(op == "conv" ? " k=3" : "")'"
        case .expectedAttribute(let op, let found):
            "expected an attribute of '\(op)' written as 'key=value', found \(found)"
        case .unknownAttribute(let name, let op, let suggestion, let accepted):
            "'\(op)' has no attribute '\(name)'"
                + (suggestion.map { "; did you mean '\($0)'?" }
                    ?? (accepted.isEmpty ? "; it takes none" : "; it accepts \(accepted.map { "'\($0)'" }.joined(separator: ", "))"))
        case .duplicateAttribute(let name):
            "attribute '\(name)' is given twice"
        case .missingAttribute(let name, let op):
            "'\(op)' needs the attribute '\(name)', as in '\(op)\(op == "conv" ? " 64" : "") \(name)=3'"
        case .definitionShadowsKeyword(let name, let kind):
            "a \(kind) cannot be named '\(name)': that word is an operation or keyword of the language"
        case .duplicateDefinition(let name, let previous):
            "'\(name)' is already defined at line \(previous.line)"
        case .duplicateParameter(let name):
            "parameter '\(name)' is declared twice"
        case .parameterWithoutDefault(let name):
            "parameter '\(name)' needs a default value because an earlier parameter has one"
        case .decimalNotAllowed(let text):
            "'\(text)' is a decimal; sizes and counts are integers"
        case .accuracyOutOfRange(let text):
            "accuracy '\(text)' must be a percentage between 0 and 100"
        case .unknownBudgetMetric(let word, let suggestion):
            "unknown budget metric '\(word)'"
                + (suggestion.map { "; did you mean '\($0)'?" }
                    ?? "; use one of \(BudgetMetric.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        case .budgetComparison(let metric, let found):
            metric.isMaximum
                ? "'\(metric.rawValue)' is a most, written with '<=', not '\(found)', as in 'budget \(metric.rawValue) <= 11.2M'"
                : "'\(metric.rawValue)' is a least, written with '>=', not '\(found)', as in 'budget \(metric.rawValue) >= 1.5'"
        case .invalidScore(let text, let metric):
            "'\(text)' is not a score for '\(metric)'; write a non-negative decimal such as 'budget \(metric) >= 1.5'"
        case .detachedQuantitySuffix(let number, let suffix):
            "the suffix '\(suffix)' must follow the number without a space, as in '\(number)\(suffix)'"
        case .comparisonIsLessOrEqual(let found):
            "unexpected '\(found)'; a budget is written with '<=' (or '>=' for 'ce' and 'se'), as in 'budget params <= 11.2M'"
        case .invalidQuantity(let text):
            "'\(text)' is not a quantity; write an integer or a decimal with a suffix k, M, G or T, as in '11.2M'"
        case .unknownName(let name, let suggestion):
            "unknown name '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; names are block parameters or 'in' (the channels entering the statement)")
        case .unknownBlock(let name, let suggestion):
            "no block or unit named '\(name)'" + Self.didYouMean(suggestion)
        case .wrongDefinitionKind(let name, let expected, let actual):
            "'\(name)' is a \(actual), but a \(expected) is needed here"
        case .tooManyArguments(let name, let expected, let given):
            "'\(name)' takes \(expected) argument\(expected == 1 ? "" : "s"), but \(given) were given"
        case .missingArgument(let name, let parameter):
            "the call of '\(name)' gives no value for parameter '\(parameter)'"
        case .unknownArgument(let label, let callee, let suggestion):
            "'\(callee)' has no parameter '\(label)'" + Self.didYouMean(suggestion)
        case .duplicateArgument(let label):
            "argument '\(label)' is given twice"
        case .positionalAfterNamed(let label):
            "a positional argument cannot follow the named argument '\(label)'; put positional arguments first"
        case .inexactDivision(let a, let b):
            "\(a) / \(b) does not divide exactly (remainder \(a % b))"
        case .divisionByZero(let a):
            "\(a) / 0 divides by zero"
        case .arithmeticOverflow:
            "the expression overflows a 64-bit integer"
        case .typeMismatch(let expected, let found):
            "expected \(expected), found \(found)"
        case .nonPositive(let what, let value):
            "\(what) must be at least 1, got \(value)"
        case .negative(let what, let value):
            "\(what) must not be negative, got \(value)"
        case .callDepthExceeded(let limit):
            "block calls nest deeper than \(limit) levels; is a block calling itself?"
        case .nodeLimitExceeded(let limit):
            "the network expands to more than \(limit) statements (layers, block calls, repeat iterations and units); check the repeat and stack counts"
        case .tooManyStatements(let limit):
            "the file has more than \(limit) statements, more than any network can expand to; split it or raise the limit with '--max-statements'"
        case .inputTooLarge(let bytes, let limit):
            "the input is \(bytes) bytes, more than the limit of \(limit) bytes; raise it with '--max-input'"
        case .linearNeedsVector(let shape):
            "'linear' needs a vector input, but gets \(Self.shape(shape)); add "
                + (shape.count == 3 && shape[1] == 1 && shape[2] == 1 ? "'flatten'" : "'flatten' or 'gap'") + " before it"
        case .needsImage(let op, let shape):
            switch shape.count {
            case 1: "'\(op)' needs a CxHxW input, but gets the vector \(Self.shape(shape))"
            case 2: "'\(op)' needs a CxHxW input, but gets the tokens \(Self.shape(shape))"
            default: "'\(op)' needs a CxHxW input, but gets the channels-last \(Self.shape(shape)); add 'channelsfirst' before it"
            }
        case .emptyOutput(let op, let input, let detail):
            "'\(op)' on \(Self.shape(input)) leaves no output (\(detail)); use a smaller kernel or stride, or more padding"
        case .groupsDoNotDivide(let op, let channels, let groups):
            "'\(op)' splits \(channels) channels into \(groups) groups, which does not divide evenly"
        case .paddingTooLarge(let op, let padding, let kernel):
            "'\(op)' padding \(padding) is more than half the window \(kernel) (PyTorch rejects it)"
        case .sameNeedsOddWindow(let kernel, let dilation):
            "'p=same' needs an odd effective window, but kernel \(kernel) with dilation \(dilation) spans an even number of positions; pad explicitly with 'p=AxB'"
        case .residualMismatch(let body, let shortcut):
            "the residual body gives \(Self.shape(body)) but the shortcut gives \(Self.shape(shortcut)); add a projection shortcut such as 'shortcut { conv \(body.first ?? 1) k=1 }'"
        case .concatMismatch(let a, let b):
            "concat branches disagree on spatial size: \(Self.shape(a)) and \(Self.shape(b))"
        case .broadcastMismatch(let op, let a, let b):
            "'\(op)' of \(Self.shape(a)) and \(Self.shape(b)): the shapes do not broadcast; a gate is C×1×1 for a C×H×W map, as in 'scale { gap; conv C k=1; sigmoid }'"
        case .invalidSetting(let op, let setting, let value, let requirement):
            "'\(op)' cannot have \(setting) \(value)" + (requirement.map { "; it must be \($0)" } ?? "")
        case .needsShape(let op, let expected, let shape):
            "'\(op)' needs \(expected), but gets \(Self.shape(shape))"
                + (expected == "NxD tokens" && shape.count == 3 ? "; a CxHxW map becomes tokens with 'tokens'" : "")
        case .matmulMismatch(let a, let b):
            "'matmul' of \(Self.shape(a)) and \(Self.shape(b)): the last size of the first must equal the second-to-last of the second, as in 'matmul { } { transpose }'"
        case .headsDoNotDivide(let op, let width, let heads):
            "'\(op)' splits width \(width) into \(heads) heads, which does not divide evenly"
        case .tokenOutOfRange(let index, let tokens):
            "'select' of token \(index), but the sequence has \(tokens) tokens (0 to \(tokens - 1))"
        case .tooFewPositions(let positions, let tokens):
            "'posembed' has \(positions) positions but the sequence has \(tokens) tokens; use 'n=\(tokens)' or more"
        case .tiedWithoutEmbedding(let out, let input):
            "'linear \(out) tied=true' shares an embedding table of \(out)x\(input), but no 'embedding \(out) d=\(input)' comes before it"
        case .stackWidthMismatch(let sum, let channels):
            "the stacked units take \(sum) channels in all, but the input has \(channels)"
        case .tooManyUnits(let count, let limit):
            "stacking this layer would build \(count) units, more than the \(limit) a stacked layer may have; "
                + "give each unit more channels (a larger '--piece')"
        case .stackOutputMismatch(let a, let b):
            "stacked units disagree on their output's spatial size: \(Self.shape(a)) and \(Self.shape(b))"
        case .stackNeedsUnit(let name):
            "'\(name)' is a block; 'stack' needs a unit, defined with 'unit \(name)(...) in WIDTH { ... }'"
        case .emptyUnitShape(let name):
            "unit '\(name)' gets an empty piece of channels"
        case .countOverflow(let path):
            "the counts of '\(path)' overflow a 64-bit integer"
        case .graph(let problem):
            "internal error, please report it: \(problem)"
        case .pieceDoesNotDivide(let path, let width, let piece):
            "'\(path)' has \(width) input channels, which do not split into pieces of \(piece); choose a --piece that divides \(width)"
        case .unitOutputNotWhole(let path, let piece, let output, let input):
            "'\(path)' maps \(input) to \(output) channels, so a unit with \(piece) input channels would need \(piece)·\(output)/\(input) outputs, which is not whole"
        case .unknownBlockPath(let path, let found, let kinds, let suggestion):
            "no block that can be stacked is at '\(path)'"
                + (found.map { ": it holds \($0)." } ?? suggestion.map { "; did you mean '\($0)'?" } ?? ".")
                + " The rule stacks " + kinds.joined(separator: "; ")
        case .nothingToStack(let mode, let kinds):
            "no block or layer pair qualifies for stacking with '--replace \(mode)'. The rule stacks "
                + kinds.joined(separator: "; ")
        case .hiddenPerStageCount(let given, let stages):
            "--hidden-per-stage gives \(given) widths, but the network has \(stages.count) stages of stackable blocks (\(stages.joined(separator: ", "))); give one hidden width per stage"
        case .unitNotDefined(let name, let suggestion):
            "no unit '\(name)' is defined in this file" + Self.didYouMean(suggestion)
                + (suggestion == nil ? "; define it with 'unit \(name)(c1, c2, c3) in c1 { ... }'" : "")
        case .unitNotATemplate(let name):
            "unit '\(name)' is not a plain sequence of layers with integer settings, so it cannot be made at other widths; write its layers one per statement, without blocks or 'in'"
        case .unitNeedsWidths(let name, let parameters):
            "unit '\(name)' has \(parameters) parameter\(parameters == 1 ? "" : "s"); a unit to stack takes (c1, c2, c3[, stride]): its input, hidden and output widths"
        case .unitDoesNotFit(let name, let path, let expected, let found):
            "unit '\(name)' at '\(path)' gives \(found.map(String.init).joined(separator: "x")) where the replaced layers give \(expected.map(String.init).joined(separator: "x"))"
        case .unitFitsNowhere(let name, let tried):
            "unit '\(name)' fits none of the blocks the rule found (\(tried)): made with (C1, C2, C1·b/a[, stride]) on a block's input it must give the block's output shape"
        case .tooManyDesigns(let count, let limit):
            "the sweep has \(count) designs, more than the limit of \(limit); try fewer values of --hidden and --piece, fewer stages, or raise the limit with '--max-designs'"
        case .transformNeedsLayout:
            "this network is not a sequence of layers, residual blocks and concatenations, so the stacking rule finds no block in it"
        case .compression(let problem):
            problem.description
        case .csvUnterminatedQuote:
            "this quoted field is never closed; end it with '\"' (write a quote inside a field as '\"\"')"
        case .csvTextAfterQuote(let text):
            "unexpected '\(text)' after a closing quote; a quoted field must end at ',' or the end of the line"
        case .unknownResultsColumn(let name, let suggestion, let accepted):
            "unknown column '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; the columns are \(accepted.map { "'\($0)'" }.joined(separator: ", "))")
        case .missingResultsColumn(let name):
            "the header has no '\(name)' column; a results file needs at least 'model' and 'method'"
        case .extraResultsFields(let expected, let found):
            "this row has \(found) fields but the header names \(expected); quote fields that contain a comma"
        case .invalidResultsNumber(let text, let column):
            "'\(text)' in column '\(column)' is not a number; write a decimal such as '7.79', or '-' when unknown"
        case .unknownRole(let text, let suggestion, let accepted):
            "unknown role '\(text)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; use \(accepted.map { "'\($0)'" }.joined(separator: ", "))")
        case .unknownUnit(let text, let accepted):
            "unknown unit '\(text)'; use one of \(accepted.map { "'\($0)'" }.joined(separator: ", "))"
        case .unknownSpecStatement(let word, let suggestion):
            "unknown statement '\(word)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see docs/metrics.md")
        case .unterminatedString:
            "this string is never closed; end it with '\"' on the same line"
        case .unknownColumn(let word, let suggestion, let accepted):
            "unknown column '\(word)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; the columns are \(accepted.map { "'\($0)'" }.joined(separator: ", "))")
        case .unknownResultsSource(let name, let suggestion):
            "no results source '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; 'tissue table --list-sources' shows the registry")
        case .noMatchingResults(let source, let filter, let suggestion):
            "no row of '\(source)' matches \(filter)" + Self.didYouMean(suggestion)
        case .unknownTarget(let name, let suggestion):
            "no row named '\(name)' to take a target score from" + Self.didYouMean(suggestion)
        case .emptyTable:
            "the table has no rows; add 'published SOURCE' or 'baseline FILE.arch'"
        case .cannotReadReferenced(let path, let reason):
            "cannot read '\(path)': \(reason) (paths are relative to the spec file)"
        case .noBudgets:
            "nothing to check: the file has no 'budget' statement and no limit was given on the command line; add a line such as 'budget params <= 11.2M'"
        case .scoreNeedsBaseline(let score):
            "\(score) compares a model with a baseline, but none was given; add a line such as 'baseline ../zoo/resnet18.arch' to the file or pass '--baseline FILE'"
        case .missingAccuracy(let score):
            "this file has no 'accuracy' statement, but \(score) needs the accuracy of both the model and the baseline; add a line such as 'accuracy 93.02'"
        case .undefinedScore(let score, let reason):
            "\(score) cannot be computed: \(reason)"
        case .budgetOverflow(let metric):
            "the \(metric) of this model overflow a 64-bit integer"
        }
    }

    /// `'@'`, or for invisible characters their code point and name: `U+00A0 (no-break space)`.
    static func describe(character: String) -> String {
        let invisible = character.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .control
        }
        guard invisible else { return "'\(character)'" }
        return character.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let name = scalar.properties.name.map { " (\($0.lowercased()))" } ?? ""
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + name
        }.joined(separator: " ")
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    static func shape(_ dims: [Int]) -> String {
        dims.map(String.init).joined(separator: "x")
    }
}

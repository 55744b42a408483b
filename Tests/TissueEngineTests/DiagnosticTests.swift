import Foundation
import Testing
import TissueArch
import TissueDiagnostics
import TissueIR

/// Malformed `.arch` inputs and the diagnostics they must produce: the exact place, the
/// user's own token in single quotes, the "did you mean" where there is one, and, for errors
/// inside a block or unit body, the call sites that expanded it.
///
/// Cases with huge numbers or unbounded recursion run first in a child process (an exit
/// test), so that a trap is reported as a failure of that case instead of killing the whole
/// test run.
@Suite("Diagnostics: malformed input")
struct DiagnosticTests {
    /// A call site expected among a diagnostic's notes.
    struct Site: Sendable, CustomStringConvertible {
        var line: Int
        var column: Int
        /// The block or unit whose expansion the note announces.
        var callee: String
        var description: String { "\(line):\(column) '\(callee)'" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        var line: Int
        var column: Int
        /// The ``DiagnosticKind`` case expected, by name; nil when several would be right.
        var kind: String?
        /// Text the message must contain (the user's token in quotes, the suggestion, numbers).
        var fragments: [String]
        /// Text the message must not contain.
        var absent: [String] = []
        /// The notes expected, innermost call first; empty for an error outside any body.
        var calls: [Site] = []
        /// Run in a child process first: a trap must not take the other cases down with it.
        var isolated = false
        /// Upper bound on the time to produce the diagnostic (debug build).
        /// A hang bound, not a timing assertion: generous enough for a loaded debug build.
        var seconds: Double = 60

        var testDescription: String { name }
    }

    // MARK: Running

    /// The first diagnostic from parsing, expanding and analysing `source` under every
    /// convention (standard, thop, fvcore, ptflops), or nil when the input is accepted.
    static func firstDiagnostic(_ source: String) -> Diagnostic? {
        let network: Network
        do {
            network = try ArchReader.read(source, defaultName: "test")
        } catch {
            return error
        }
        // Every convention runs, even after one has failed: each has its own arithmetic to trap in.
        var first: Diagnostic?
        for convention in Convention.allCases {
            do {
                _ = try Analysis(network, convention: convention)
            } catch {
                first = first ?? Diagnostic(error)
            }
        }
        return first
    }

    /// The name of a ``DiagnosticKind`` case, without its payload.
    static func kindName(_ kind: DiagnosticKind) -> String {
        let text = String(describing: kind)
        return String(text.prefix { $0 != "(" })
    }

    /// Lines of the source as the renderer numbers them, with columns counted in Unicode scalars.
    /// (Split on the scalar "\n": as a Character, "\r\n" is one grapheme and not equal to "\n".)
    static func lineLengths(_ source: String) -> [Int] {
        source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(\.count)
    }

    /// Exit code of a child process that finished without trapping.
    static let finished: Int32 = 42

    @Test("diagnostic", arguments: cases)
    func diagnostic(_ testCase: Case) async throws {
        if testCase.isolated {
            let result = await #expect(processExitsWith: .failure) {
                [source = testCase.source as String] in
                _ = DiagnosticTests.firstDiagnostic(source)
                exit(DiagnosticTests.finished)
            }
            guard let result, result.exitStatus == .exitCode(Self.finished) else {
                let status = result.map { "\($0.exitStatus)" } ?? "unknown"
                Issue.record(Comment(rawValue: "the engine trapped (\(status)) instead of reporting a diagnostic"))
                return
            }
        }
        let clock = ContinuousClock()
        var diagnostic: Diagnostic?
        let elapsed = clock.measure { diagnostic = Self.firstDiagnostic(testCase.source) }
        try Self.check(testCase, diagnostic, elapsed: elapsed)
    }

    static func check(_ c: Case, _ found: Diagnostic?, elapsed: Duration) throws {
        let diagnostic = try #require(found, "'\(c.name)' was accepted, but it is malformed")
        let rendered = DiagnosticRenderer(fileName: "test.arch", source: c.source).render(diagnostic)
        let context = Comment(rawValue: rendered)
        if let kind = c.kind {
            #expect(kindName(diagnostic.kind) == kind, context)
        }
        #expect(diagnostic.location?.line == c.line, context)
        #expect(diagnostic.location?.column == c.column, context)
        for fragment in c.fragments {
            #expect(diagnostic.message.contains(fragment), "missing \(fragment): \(diagnostic.message)")
        }
        for fragment in c.absent {
            #expect(!diagnostic.message.contains(fragment), "unexpected \(fragment): \(diagnostic.message)")
        }
        #expect(diagnostic.notes.count == c.calls.count, context)
        for (note, site) in zip(diagnostic.notes, c.calls) {
            #expect(note.location.line == site.line && note.location.column == site.column,
                    "note at \(note.location.line):\(note.location.column), expected \(site)")
            #expect(note.message.contains("'\(site.callee)'"), "note '\(note.message)' should name '\(site.callee)'")
            #expect(note.message.contains("called here"))
        }
        // Whatever the case, the rendering points into the source.
        let lengths = lineLengths(c.source)
        if let location = diagnostic.location {
            #expect(location.line >= 1 && location.line <= lengths.count, context)
            if location.line >= 1 && location.line <= lengths.count {
                #expect(location.column >= 1 && location.column <= lengths[location.line - 1] + 1, context)
            }
            #expect(rendered.hasPrefix("test.arch:\(location.line):\(location.column): error: \(diagnostic.message)\n"))
            #expect(rendered.contains("^"))
        }
        #expect(elapsed < .seconds(c.seconds), "took \(elapsed), more than \(c.seconds) s")
    }

    // MARK: The rendered text

    struct RenderedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        var expected: String
        var testDescription: String { name }
    }

    static let renderedCases: [RenderedCase] = [
        RenderedCase(
            name: "unknown operation, with its suggestion",
            source: "input 3x32x32\nconv 64 k=3; rleu\n",
            expected: """
                model.arch:2:14: error: unknown operation 'rleu'; did you mean 'relu'?
                conv 64 k=3; rleu
                             ^~~~

                """),
        RenderedCase(
            name: "error in a block body, with the call site",
            source: "block down(width) {\n  conv widht k=3\n}\ninput 3x32x32\ndown(64)\n",
            expected: """
                model.arch:2:8: error: unknown name 'widht'; did you mean 'width'?
                  conv widht k=3
                       ^~~~~
                model.arch:5:1: note: in expansion of block 'down' called here
                down(64)
                ^~~~

                """),
        RenderedCase(
            name: "residual shape mismatch, with a tab before it",
            source: "input 3x32x32\n\tresidual { conv 64 k=3 p=1 }\n",
            expected: """
                model.arch:2:2: error: the residual body gives 64x32x32 but the shortcut gives 3x32x32; \
                add a projection shortcut such as 'shortcut { conv 64 k=1 }'
                 residual { conv 64 k=3 p=1 }
                 ^~~~~~~~

                """),
        RenderedCase(
            name: "columns count Unicode scalars",
            source: "model résnet-ü; input 3x32x32; conv 8 k=3 @\n",
            expected: """
                model.arch:1:43: error: unexpected character '@'; names are letters, digits and '_', and '#' starts a comment
                model résnet-ü; input 3x32x32; conv 8 k=3 @
                                                          ^

                """),
    ]

    @Test("rendered text", arguments: renderedCases)
    func rendered(_ testCase: RenderedCase) throws {
        let diagnostic = try #require(Self.firstDiagnostic(testCase.source))
        let text = DiagnosticRenderer(fileName: "model.arch", source: testCase.source).render(diagnostic)
        #expect(text == testCase.expected)
    }

    /// A file with Windows line ends gets the same excerpt and caret as with "\n".
    @Test func renderedTextOfACRLFFile() throws {
        let source = "input 3x32x32\r\nconv 64 k=3; rleu\r\n"
        let diagnostic = try #require(Self.firstDiagnostic(source))
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.location?.column == 14)
        let text = DiagnosticRenderer(fileName: "model.arch", source: source).render(diagnostic)
        #expect(text == """
            model.arch:2:14: error: unknown operation 'rleu'; did you mean 'relu'?
            conv 64 k=3; rleu
                         ^~~~

            """)
    }

    // MARK: Coverage

    /// Every ``DiagnosticKind`` that source text can reach. `emptyUnitShape` is left out: nothing
    /// in the engine throws it (a unit's width is checked to be at least 1 before its piece is cut).
    static let reachableKinds: Set<String> = [
        "unexpectedCharacter", "invalidNumber", "numberTooLarge",
        "expected", "unexpectedAfterStatement", "unbalancedBrace", "unclosedBrace", "nestingTooDeep",
        "duplicateStatement", "topLevelOnly", "layerBeforeInput", "inputRank", "unknownOperation",
        "callNeedsParentheses", "shortcutWithoutResidual", "unexpectedPositional", "missingPositional",
        "expectedAttribute", "unknownAttribute", "duplicateAttribute", "missingAttribute",
        "definitionShadowsKeyword", "duplicateDefinition", "duplicateParameter", "parameterWithoutDefault",
        "decimalNotAllowed", "accuracyOutOfRange", "unknownBudgetMetric", "invalidQuantity",
        "detachedQuantitySuffix", "comparisonIsLessOrEqual", "budgetComparison", "invalidScore", "unmodelledOperation",
        "positionalAfterNamed",
        "unknownName", "unknownBlock", "wrongDefinitionKind", "tooManyArguments", "missingArgument",
        "unknownArgument", "duplicateArgument", "inexactDivision", "divisionByZero", "arithmeticOverflow",
        "typeMismatch", "nonPositive", "negative", "callDepthExceeded", "nodeLimitExceeded",
        "linearNeedsVector", "needsImage", "emptyOutput", "groupsDoNotDivide", "paddingTooLarge",
        "sameNeedsOddWindow", "residualMismatch", "concatMismatch", "stackWidthMismatch",
        "stackOutputMismatch", "stackNeedsUnit", "countOverflow",
    ]

    @Test func everyReachableKindHasACase() {
        let covered = Set(Self.cases.compactMap(\.kind))
        #expect(reachableKindsMissing(covered).isEmpty, "no case for \(reachableKindsMissing(covered).sorted())")
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names are unique")
    }

    private func reachableKindsMissing(_ covered: Set<String>) -> Set<String> {
        Self.reachableKinds.subtracting(covered)
    }

    // MARK: The cases

    static let down = "block down(width) {\n  conv width k=3 p=1\n}\n"

    static let cases: [Case] = lexing + parsing + definitionsAndMetadata + expansion + limits + shapes + overflow + damaged
        + foreignNames

    /// Files damaged on the way: cut short, binary bytes, text decoded from invalid UTF-8 (each bad
    /// byte becomes U+FFFD), Windows line ends, digits of other scripts.
    static let damaged: [Case] = [
        Case(name: "cut short inside an attribute", source: "input 3x32x32\nresidual {\n  conv 64 k=3 p=1; bn; relu\n  conv 64 k=",
             line: 4, column: 13, kind: "expected", fragments: ["a number or a name", "end of file"]),
        Case(name: "cut short inside a call", source: "block b(w) { conv w k=1 }\ninput 3x8x8\nb(8,", line: 3, column: 5,
             kind: "expected", fragments: ["a number or a name", "end of file"]),
        Case(name: "cut short inside a definition's parameters", source: "unit u(c1, c2", line: 1, column: 14,
             kind: "expected", fragments: ["end of file"]),
        Case(name: "cut short inside a residual body", source: "input 3x32x32\nresidual {\n  conv 64 k=3 p=1", line: 2, column: 10,
             kind: "unclosedBrace", fragments: ["'residual'"]),
        Case(name: "binary bytes", source: "\u{00}\u{01}\u{02}\u{7F}input", line: 1, column: 1,
             kind: "unexpectedCharacter", fragments: ["U+0000"]),
        Case(name: "text decoded from invalid UTF-8", source: "input 3x8x8\n\u{FFFD}\u{FFFD}relu\n", line: 2, column: 1,
             kind: "unexpectedCharacter", fragments: ["'\u{FFFD}'"]),
        Case(name: "Arabic-Indic digits", source: "input 3x32x32\nconv ٦٤ k=3\n", line: 2, column: 6,
             kind: "unexpectedCharacter", fragments: ["'٦'"]),
        Case(name: "fullwidth digits", source: "input ３x32x32\n", line: 1, column: 7,
             kind: "unexpectedCharacter", fragments: ["'３'"]),
        Case(name: "Windows line ends before a shape error", source: "input 3x32x32\r\nresidual { conv 64 k=3 p=1 }\r\n",
             line: 2, column: 1, kind: "residualMismatch", fragments: ["64x32x32", "3x32x32"]),
        Case(name: "Windows line ends inside a block", source: "block b(w) {\r\n  conv w k=1\r\n  rleu\r\n}\r\ninput 3x8x8\r\nb(4)\r\n",
             line: 3, column: 3, kind: "unknownOperation", fragments: ["'rleu'", "'relu'"]),
    ]

    static let lexing: [Case] = [
        Case(name: "unexpected character", source: "input 3x32x32\nconv 64 k=3 @\n", line: 2, column: 13,
             kind: "unexpectedCharacter", fragments: ["'@'"]),
        Case(name: "unexpected character after multi-byte text",
             source: "model résnet; input 3x32x32; conv 8 k=3 $\n", line: 1, column: 41,
             kind: "unexpectedCharacter", fragments: ["'$'"]),
        Case(name: "no-break space", source: "input 3x32x32\nconv 64\u{00A0}k=3\n", line: 2, column: 8,
             kind: "unexpectedCharacter", fragments: ["U+00A0"]),
        Case(name: "zero-width space", source: "input 3x32x32\nconv 64 k=3\u{200B}\n", line: 2, column: 12,
             kind: "unexpectedCharacter", fragments: ["U+200B"]),
        Case(name: "doubled digit separator", source: "input 3x32x32\nconv 1__0 k=3\n", line: 2, column: 6,
             kind: "invalidNumber", fragments: ["'1__0'", "'1_000'"]),
        Case(name: "number beyond 64 bits", source: "input 3x32x32\nconv 99999999999999999999 k=3\n", line: 2,
             column: 6, kind: "numberTooLarge", fragments: ["'99999999999999999999'", "9223372036854775807"]),
        Case(name: "decimal where an integer is expected", source: "input 3x32x32\nconv 64 k=3.5\n", line: 2,
             column: 11, kind: "decimalNotAllowed", fragments: ["'3.5'", "integers"]),
        Case(name: "decimal channel count", source: "input 3x32x32\nconv 64.5 k=3\n", line: 2, column: 6,
             kind: "decimalNotAllowed", fragments: ["'64.5'"]),
    ]

    static let parsing: [Case] = [
        Case(name: "attribute without a value", source: "input 3x32x32\nconv 64 k=\n", line: 2, column: 11,
             kind: "expected", fragments: ["a number or a name", "end of line"]),
        Case(name: "input without dimensions", source: "input foo\n", line: 1, column: 7,
             kind: "expected", fragments: ["'foo'", "'3x32x32'"]),
        Case(name: "text after a statement", source: "input 3x32x32 foo\n", line: 1, column: 15,
             kind: "unexpectedAfterStatement", fragments: ["'foo'", "'input'", "';'"]),
        Case(name: "stray closing brace", source: "input 3x32x32\nrelu\n}\n", line: 3, column: 1,
             kind: "unbalancedBrace", fragments: ["'}'"]),
        Case(name: "stray closing brace after a layer", source: "input 3x32x32\nrelu }\n", line: 2, column: 6,
             kind: "unbalancedBrace", fragments: ["'}'"]),
        Case(name: "unclosed brace", source: "input 3x32x32\nresidual {\n  conv 3 k=3 p=1\n", line: 2, column: 10,
             kind: "unclosedBrace", fragments: ["'residual'", "'}'"]),
        Case(name: "unclosed block body", source: "input 3x32x32\nblock b(c) {\n  conv c k=1\n", line: 2, column: 12,
             kind: "unclosedBrace", fragments: ["'block b'"]),
        Case(name: "braces nested too deep",
             source: "input 3x32x32\n" + String(repeating: "repeat 1 { ", count: 65) + "relu"
                 + String(repeating: " }", count: 65) + "\n",
             line: 2, column: 64 * 11 + 10, kind: "nestingTooDeep", fragments: ["64"]),
        Case(name: "parentheses nested too deep",
             source: "input 3x32x32\nconv " + String(repeating: "(", count: 65) + "8" + String(repeating: ")", count: 65)
                 + " k=1\n",
             line: 2, column: 6 + 64, kind: "nestingTooDeep", fragments: ["64"]),
        Case(name: "input given twice", source: "input 3x32x32\ninput 3x32x32\n", line: 2, column: 1,
             kind: "duplicateStatement", fragments: ["'input'"]),
        Case(name: "input inside a body", source: "input 3x32x32\nresidual { input 3x3x3 }\n", line: 2, column: 12,
             kind: "topLevelOnly", fragments: ["'input'", "top level"]),
        Case(name: "layer before input", source: "model m\nconv 8 k=3\ninput 3x32x32\n", line: 2, column: 1,
             kind: "layerBeforeInput", fragments: ["'conv'", "'input 3x32x32'"]),
        Case(name: "input missing", source: "model m\n# nothing else\n", line: 1, column: 1,
             kind: "missingInput", fragments: ["'input'"]),
        Case(name: "input of four dimensions", source: "input 3x32x32x2\n", line: 1, column: 15,
             kind: "inputRank", fragments: ["not 4", "2 (tokens NxD"]),
        Case(name: "a tied projection without an embedding", source: "input 16x32\nlinear 100 tied=true\n", line: 2, column: 1,
             kind: "tiedWithoutEmbedding", fragments: ["'linear 100 tied=true'", "'embedding 100 d=32'"]),
        Case(name: "a class token on a map", source: "input 3x8x8\nclasstoken\n", line: 2, column: 1,
             kind: "needsShape", fragments: ["'classtoken' needs NxD tokens", "with 'tokens'"]),
        Case(name: "heads that do not divide the width", source: "input 10x30\nmha heads=4\n", line: 2, column: 1,
             kind: "headsDoNotDivide", fragments: ["width 30 into 4 heads"]),
        Case(name: "a matmul of mismatched operands", source: "input 10x16\nmatmul { } { }\n", line: 2, column: 1,
             kind: "matmulMismatch", fragments: ["10x16 and 10x16", "'matmul { } { transpose }'"]),
        Case(name: "a token beyond the sequence", source: "input 10x16\nselect i=10\n", line: 2, column: 1,
             kind: "tokenOutOfRange", fragments: ["token 10", "0 to 9"]),
        Case(name: "too few positions", source: "input 10x16\nposembed n=8\n", line: 2, column: 1,
             kind: "tooFewPositions", fragments: ["8 positions", "'n=10'"]),
        Case(name: "linear on a map", source: "input 3x8x8\nlinear 10\n", line: 2, column: 1,
             kind: "linearNeedsVector", fragments: ["'flatten' or 'gap'"]),
        Case(name: "a window shift as large as the window", source: "input 8x8x8\nchannelslast; windowattention heads=2 window=4 shift=4\n",
             line: 2, column: 54, kind: "invalidSetting", fragments: ["'windowattention' cannot have shift 4", "smaller than the window 4"]),
        Case(name: "matmul with one body", source: "input 10x16\nmatmul { }\n", line: 2, column: 11,
             kind: "expected", fragments: ["a second body"]),
        Case(name: "misspelt operation", source: "input 3x32x32\nconv 64 k=3; rleu\n", line: 2, column: 14,
             kind: "unknownOperation", fragments: ["'rleu'", "did you mean 'relu'?"]),
        Case(name: "misspelt composite", source: "input 3x32x32\nresidaul { relu }\n", line: 2, column: 1,
             kind: "unknownOperation", fragments: ["'residaul'", "did you mean 'residual'?"]),
        Case(name: "unknown operation without a near name", source: "input 3x32x32\nfrobnicate\n", line: 2,
             column: 1, kind: "unknownOperation", fragments: ["'frobnicate'"], absent: ["did you mean"]),
        Case(name: "block called without parentheses", source: down + "input 3x32x32\ndown\n", line: 5, column: 1,
             kind: "callNeedsParentheses", fragments: ["'down'", "'down()'"]),
        Case(name: "shortcut without residual", source: "input 3x32x32\nshortcut { relu }\n", line: 2, column: 1,
             kind: "shortcutWithoutResidual", fragments: ["'shortcut'", "'residual"]),
        Case(name: "value given to relu", source: "input 3x32x32\nrelu 3\n", line: 2, column: 6,
             kind: "unexpectedPositional", fragments: ["'relu'", "'3'"]),
        Case(name: "conv without output channels", source: "input 3x32x32\nconv k=3\n", line: 2, column: 1,
             kind: "missingPositional", fragments: ["'conv'", "output channels"]),
        Case(name: "bare word among attributes", source: "input 3x32x32\nconv 64 k=3 foo\n", line: 2, column: 13,
             kind: "expectedAttribute", fragments: ["'conv'", "'foo'", "'key=value'"]),
        Case(name: "attribute 'kernel' on conv", source: "input 3x32x32\nconv 64 kernel=3\n", line: 2, column: 9,
             kind: "unknownAttribute", fragments: ["'kernel'", "did you mean 'k'?"]),
        Case(name: "attribute 'stride' on maxpool", source: "input 3x32x32\nmaxpool k=2 stride=2\n", line: 2, column: 13,
             kind: "unknownAttribute", fragments: ["'stride'", "did you mean 's'?"]),
        Case(name: "misspelt attribute 'strde'", source: "input 3x32x32\nconv 64 k=3 strde=2\n", line: 2, column: 13,
             kind: "unknownAttribute", fragments: ["'strde'", "did you mean 's'?"]),
        Case(name: "misspelt attribute 'bais'", source: "input 3x32x32\nconv 64 k=3 bais=false\n", line: 2,
             column: 13, kind: "unknownAttribute", fragments: ["'conv' has no attribute 'bais'", "did you mean 'bias'?"]),
        Case(name: "attribute on an operation that takes none", source: "input 3x32x32\nrelu inplace=true\n", line: 2,
             column: 6, kind: "unknownAttribute", fragments: ["'relu' has no attribute 'inplace'", "takes none"]),
        Case(name: "attribute given twice", source: "input 3x32x32\nconv 64 k=3 k=5\n", line: 2, column: 13,
             kind: "duplicateAttribute", fragments: ["'k'"]),
        Case(name: "conv without a kernel", source: "input 3x32x32\nconv 64\n", line: 2, column: 1,
             kind: "missingAttribute", fragments: ["'conv'", "'k'"]),
        Case(name: "repeat without braces", source: "input 3x32x32\nrepeat 2 relu\n", line: 2, column: 10,
             kind: "expected", fragments: ["'{'", "'repeat'", "'relu'"]),
        Case(name: "stack without x", source: "input 3x32x32\nstack 2 bu(4)\n", line: 2, column: 9,
             kind: "expected", fragments: ["'x'", "'bu'"]),
    ]

    static let definitionsAndMetadata: [Case] = [
        Case(name: "block named like an operation", source: "block relu() { }\ninput 3x32x32\n", line: 1, column: 7,
             kind: "definitionShadowsKeyword", fragments: ["'relu'"]),
        Case(name: "block defined twice", source: "block b() { }\nblock b() { }\ninput 3x32x32\n", line: 2, column: 7,
             kind: "duplicateDefinition", fragments: ["'b'", "line 1"]),
        Case(name: "parameter declared twice", source: "block b(a, a) { }\ninput 3x32x32\n", line: 1, column: 12,
             kind: "duplicateParameter", fragments: ["'a'"]),
        Case(name: "parameter without default after one with", source: "block b(a=1, c) { }\ninput 3x32x32\n",
             line: 1, column: 14, kind: "parameterWithoutDefault", fragments: ["'c'"]),
        Case(name: "accuracy above 100", source: "input 3x32x32\naccuracy 120\n", line: 2, column: 10,
             kind: "accuracyOutOfRange", fragments: ["'120'"]),
        Case(name: "misspelt budget metric", source: "input 3x32x32\nbudget parms <= 1M\n", line: 2, column: 8,
             kind: "unknownBudgetMetric", fragments: ["'parms'", "did you mean 'params'?"]),
        Case(name: "bad quantity suffix in budget", source: "input 3x32x32\nbudget params <= 11.2Q\n", line: 2,
             column: 18, kind: "invalidQuantity", fragments: ["'11.2Q'", "k, M, G or T"]),
        Case(name: "budget with '<'", source: "input 3x32x32\nbudget params < 11M\n", line: 2, column: 15,
             kind: "comparisonIsLessOrEqual", fragments: ["'<'", "'<='"]),
        Case(name: "budget with '≤'", source: "input 3x32x32\nbudget params ≤ 11M\n", line: 2, column: 15,
             kind: "comparisonIsLessOrEqual", fragments: ["'≤'", "'<='"]),
        Case(name: "budget suffix after a space", source: "input 3x32x32\nbudget params <= 11.2 M\n", line: 2,
             column: 23, kind: "detachedQuantitySuffix", fragments: ["'M'", "'11.2M'"]),
        Case(name: "budget quantity that is a word", source: "input 3x32x32\nbudget macs <= lots\n", line: 2,
             column: 16, kind: "expected", fragments: ["'lots'", "'11.2M'"]),
        Case(name: "a score budget written as a ceiling", source: "input 3x32x32\nbudget ce <= 2\n", line: 2, column: 11,
             kind: "budgetComparison", fragments: ["'ce'", "'>='", "'<='"]),
        Case(name: "a count budget written as a floor", source: "input 3x32x32\nbudget weight-bytes >= 2M\n", line: 2,
             column: 21, kind: "budgetComparison", fragments: ["'weight-bytes'", "'<='"]),
        Case(name: "a score with a suffix", source: "input 3x32x32\nbudget se >= 2M\n", line: 2, column: 14,
             kind: "invalidScore", fragments: ["'2M'", "'se'"]),
        Case(name: "budget with '>'", source: "input 3x32x32\nbudget ce > 2\n", line: 2, column: 11,
             kind: "comparisonIsLessOrEqual", fragments: ["'>'", "'>='"]),
        Case(name: "misspelt hyphenated budget metric", source: "input 3x32x32\nbudget weight-byte <= 1M\n", line: 2,
             column: 8, kind: "unknownBudgetMetric", fragments: ["'weight-byte'", "did you mean 'weight-bytes'?"]),
        Case(name: "a second baseline", source: "input 3x32x32\nbaseline a.arch\nbaseline b.arch\n", line: 3, column: 1,
             kind: "duplicateStatement", fragments: ["'baseline'"]),
    ]

    /// Names from other tools get the layer they mean, and layers tissue does not model say so.
    static let foreignNames: [Case] = [
        Case(name: "swish is silu", source: "input 3x8x8\nswish\n", line: 2, column: 1,
             kind: "unknownOperation", fragments: ["'swish'", "did you mean 'silu'?"]),
        Case(name: "BatchNorm2d is bn", source: "input 3x8x8\nBatchNorm2d\n", line: 2, column: 1,
             kind: "unknownOperation", fragments: ["did you mean 'bn'?"]),
        Case(name: "dense is linear", source: "input 10\ndense 4\n", line: 2, column: 1,
             kind: "unknownOperation", fragments: ["did you mean 'linear'?"]),
        Case(name: "elu is not gelu", source: "input 3x8x8\nelu\n", line: 2, column: 1,
             kind: "unmodelledOperation", fragments: ["'elu'", "does not model"]),
        Case(name: "deconv is not dwconv", source: "input 3x8x8\ndeconv 4 k=2\n", line: 2, column: 1,
             kind: "unmodelledOperation", fragments: ["'deconv'", "transposed convolution"]),
    ]

    static let expansion: [Case] = [
        Case(name: "unknown name at top level", source: "input 3x32x32\nconv width k=3\n", line: 2, column: 6,
             kind: "unknownName", fragments: ["'width'", "'in'"]),
        Case(name: "misspelt parameter in a block body",
             source: "block down(width) {\n  conv widht k=3\n}\ninput 3x32x32\ndown(64)\n", line: 2, column: 8,
             kind: "unknownName", fragments: ["'widht'", "did you mean 'width'?"], calls: [Site(line: 5, column: 1, callee: "down")]),
        Case(name: "misspelt block call", source: down + "input 3x32x32\ndonw(64)\n", line: 5, column: 1,
             kind: "unknownBlock", fragments: ["'donw'", "did you mean 'down'?"]),
        Case(name: "misspelt unit in a stack", source: "unit bu(c) in c { }\ninput 8x4x4\nstack 2 x ub(4)\n", line: 3,
             column: 11, kind: "unknownBlock", fragments: ["'ub'", "did you mean 'bu'?"]),
        Case(name: "unit called as a block", source: "unit u(c) in c { }\ninput 3x32x32\nu(3)\n", line: 3, column: 1,
             kind: "wrongDefinitionKind", fragments: ["'u' is a unit"]),
        Case(name: "block used in a stack", source: "block b(c) { }\ninput 8x8x8\nstack 2 x b(4)\n", line: 3, column: 11,
             kind: "stackNeedsUnit", fragments: ["'b' is a block", "'unit b("]),
        Case(name: "too many arguments", source: down + "input 3x32x32\ndown(64, 2)\n", line: 5, column: 10,
             kind: "tooManyArguments", fragments: ["'down' takes 1 argument", "2 were given"]),
        Case(name: "missing argument", source: down + "input 3x32x32\ndown()\n", line: 5, column: 1,
             kind: "missingArgument", fragments: ["'down'", "'width'"]),
        Case(name: "misspelt argument label", source: down + "input 3x32x32\ndown(widht=64)\n", line: 5, column: 6,
             kind: "unknownArgument", fragments: ["'widht'", "'down'", "did you mean 'width'?"]),
        Case(name: "positional argument after a named one", source: "block b(x, y) { }\ninput 3x32x32\nb(x=1, 2)\n",
             line: 3, column: 8, kind: "positionalAfterNamed", fragments: ["'x'"]),
        Case(name: "argument given twice", source: down + "input 3x32x32\ndown(width=1, width=2)\n", line: 5, column: 15,
             kind: "duplicateArgument", fragments: ["'width'"]),
        Case(name: "inexact division", source: "input 3x32x32\nconv 64/3 k=3\n", line: 2, column: 8,
             kind: "inexactDivision", fragments: ["64 / 3", "remainder 1"]),
        Case(name: "inexact division in a nested block",
             source: "block inner(c) {\n  conv c/3 k=1\n}\nblock outer(c) {\n  inner(c)\n}\ninput 3x32x32\nouter(64)\n",
             line: 2, column: 9, kind: "inexactDivision", fragments: ["64 / 3"],
             calls: [Site(line: 5, column: 3, callee: "inner"), Site(line: 8, column: 1, callee: "outer")]),
        Case(name: "division by zero", source: "input 3x32x32\nconv 64/(in-3) k=3\n", line: 2, column: 8,
             kind: "divisionByZero", fragments: ["64 / 0"]),
        Case(name: "boolean where a count is expected", source: "input 3x32x32\nconv true k=3\n", line: 2, column: 6,
             kind: "typeMismatch", fragments: ["an integer", "'true'"]),
        Case(name: "integer bias", source: "input 3x32x32\nconv 64 k=3 bias=3\n", line: 2, column: 18,
             kind: "typeMismatch", fragments: ["'true' or 'false'", "3"]),
        Case(name: "zero output channels", source: "input 3x32x32\nconv 0 k=3\n", line: 2, column: 6,
             kind: "nonPositive", fragments: ["output channels", "got 0"]),
        Case(name: "zero stride", source: "input 3x32x32\nconv 64 k=3 s=0\n", line: 2, column: 15,
             kind: "nonPositive", fragments: ["stride", "got 0"]),
        Case(name: "zero input dimension", source: "input 0x3x3\n", line: 1, column: 7,
             kind: "nonPositive", fragments: ["input dimension", "got 0"]),
        Case(name: "negative padding", source: "input 3x32x32\nmaxpool k=2 p=-1\n", line: 2, column: 15,
             kind: "negative", fragments: ["padding", "-1"]),
    ]

    /// Call depth and the bound on expanded layers.
    static let limits: [Case] = [
        Case(name: "block calling itself", source: "block b() { relu; b() }\ninput 3x32x32\nb()\n", line: 1, column: 19,
             kind: "callDepthExceeded", fragments: ["64"],
             calls: Array(repeating: Site(line: 1, column: 19, callee: "b"), count: 63) + [Site(line: 3, column: 1, callee: "b")],
             isolated: true),
        Case(name: "two blocks calling each other",
             source: "block a() { b() }\nblock b() { a() }\ninput 3x32x32\na()\n", line: 2, column: 13,
             kind: "callDepthExceeded", fragments: ["64"],
             calls: (0..<31).flatMap { _ in [Site(line: 1, column: 13, callee: "b"), Site(line: 2, column: 13, callee: "a")] }
                 + [Site(line: 1, column: 13, callee: "b"), Site(line: 4, column: 1, callee: "a")],
             isolated: true),
        Case(name: "repeat a billion times", source: "input 3x32x32\nrepeat 1000000000 { relu }\n", line: 2, column: 8,
             kind: "nodeLimitExceeded", fragments: ["500000"]),
        Case(name: "a million stacked units",
             source: "unit u() in 1 { }\ninput 1000000x1x1\nstack 1000000 x u()\n", line: 3, column: 1,
             kind: "nodeLimitExceeded", fragments: ["500000"], seconds: 60),
    ]

    static let shapes: [Case] = [
        Case(name: "linear on a feature map", source: "input 3x32x32\nconv 8 k=3\nlinear 10\n", line: 3, column: 1,
             kind: "linearNeedsVector", fragments: ["'linear'", "8x30x30", "'flatten'", "'gap'"]),
        Case(name: "conv on a vector", source: "input 784\nconv 8 k=3\n", line: 2, column: 1,
             kind: "needsImage", fragments: ["'conv'", "784"]),
        Case(name: "kernel larger than the input", source: "input 3x32x32\nconv 64 k=33\n", line: 2, column: 1,
             kind: "emptyOutput", fragments: ["'conv'", "3x32x32", "33"]),
        Case(name: "pool window larger than the input", source: "input 3x4x4\nmaxpool k=5\n", line: 2, column: 1,
             kind: "emptyOutput", fragments: ["'maxpool'", "3x4x4"]),
        Case(name: "groups not dividing input channels", source: "input 3x32x32\nconv 64 k=3 g=5\n", line: 2, column: 1,
             kind: "groupsDoNotDivide", fragments: ["'conv'", "3 channels", "5 groups"]),
        Case(name: "groups not dividing output channels", source: "input 3x32x32\nconv 8 k=1 g=3\n", line: 2, column: 1,
             kind: "groupsDoNotDivide", fragments: ["'conv' splits 8 channels into 3 groups"]),
        Case(name: "shuffle groups not dividing channels", source: "input 3x32x32\nshuffle g=2\n", line: 2, column: 1,
             kind: "groupsDoNotDivide", fragments: ["'shuffle'", "3 channels", "2 groups"]),
        Case(name: "pool padding above half the window", source: "input 3x32x32\nmaxpool k=2 p=2\n", line: 2, column: 1,
             kind: "paddingTooLarge", fragments: ["'maxpool'", "padding 2", "window 2"]),
        Case(name: "same padding with an even kernel", source: "input 3x32x32\nconv 8 k=2 p=same\n", line: 2, column: 14,
             kind: "sameNeedsOddWindow", fragments: ["'p=same'", "kernel 2"]),
        Case(name: "residual shape mismatch", source: "input 3x32x32\nresidual { conv 64 k=3 p=1 }\n", line: 2,
             column: 1, kind: "residualMismatch", fragments: ["64x32x32", "3x32x32"]),
        Case(name: "residual shape mismatch in a block",
             source: "block down(width) {\n  residual { conv width k=3 s=2 p=1 }\n}\ninput 3x32x32\ndown(64)\n",
             line: 2, column: 3, kind: "residualMismatch", fragments: ["64x16x16", "3x32x32"],
             calls: [Site(line: 5, column: 1, callee: "down")]),
        Case(name: "concat spatial mismatch", source: "input 3x32x32\nconcat { conv 8 k=3 } { conv 8 k=1 }\n", line: 2,
             column: 1, kind: "concatMismatch", fragments: ["8x30x30", "8x32x32"]),
        Case(name: "stack widths not adding up", source: "unit bu(c) in c { conv c k=1 }\ninput 8x4x4\nstack 3 x bu(2)\n",
             line: 3, column: 1, kind: "stackWidthMismatch", fragments: ["6 channels", "has 8"]),
        Case(name: "hybrid stack widths not adding up",
             source: "unit a(c) in c { }\nunit b(c) in 2*c { }\ninput 16x4x4\nstack 2 x a(2), 3 x b(3)\n",
             line: 4, column: 1, kind: "stackWidthMismatch", fragments: ["22 channels", "has 16"]),
        Case(name: "stacked units disagreeing on size",
             source: "unit a(c) in c { conv c k=1 }\nunit b(c) in c { conv c k=3 }\ninput 8x8x8\nstack 1 x a(4), 1 x b(4)\n",
             line: 4, column: 1, kind: "stackOutputMismatch", fragments: ["4x8x8", "4x6x6"]),
        Case(name: "error inside a stacked unit",
             source: "unit u(c) in c {\n  conv c k=3 g=3\n}\ninput 8x4x4\nstack 2 x u(4)\n", line: 2, column: 3,
             kind: "groupsDoNotDivide", fragments: ["4 channels", "3 groups"],
             calls: [Site(line: 5, column: 11, callee: "u")]),
    ]

    /// Numbers that overflow 64 bits must give an error naming the layer, never a trap.
    static let overflow: [Case] = [
        Case(name: "sum beyond 64 bits", source: "input 3x32x32\nconv 9223372036854775807+1 k=3\n", line: 2, column: 25,
             kind: "arithmeticOverflow", fragments: ["64-bit"]),
        Case(name: "negating the smallest integer", source: "input 3x32x32\nconv -(-9223372036854775807-1) k=3\n",
             line: 2, column: 6, kind: "arithmeticOverflow", fragments: ["64-bit"]),
        Case(name: "huge conv on a big input", source: "input 3x99999x99999\nconv 9999999999 k=99999\n", line: 2,
             column: 1, kind: "countOverflow", fragments: ["'conv'"], isolated: true),
        Case(name: "huge conv with a small kernel", source: "input 3x99999x99999\nconv 9999999999 k=1\n", line: 2,
             column: 1, kind: "countOverflow", fragments: ["'conv'"], isolated: true),
        Case(name: "huge dilation", source: "input 3x32x32\nconv 8 k=3 d=9223372036854775807\n", line: 2, column: 1,
             kind: nil, fragments: ["'conv'"], isolated: true),
        Case(name: "huge stride with ceil", source: "input 3x32x32\nmaxpool k=1 s=9223372036854775807 ceil=true\n",
             line: 2, column: 1, kind: nil, fragments: ["'maxpool'"], isolated: true),
        // The overflow happens computing the padding, so the caret points at 'same'.
        Case(name: "same padding of a huge dilated kernel", source: "input 3x32x32\nconv 8 k=9999999999 d=9999999999 p=same\n",
             line: 2, column: 36, kind: "arithmeticOverflow", fragments: ["overflows a 64-bit integer"], isolated: true),
        Case(name: "huge pool padding", source: "input 3x32x32\nmaxpool k=3 p=9223372036854775807\n", line: 2, column: 1,
             kind: "paddingTooLarge", fragments: ["'maxpool'", "9223372036854775807"], isolated: true),
        Case(name: "huge pool window and stride",
             source: "input 3x32x32\nmaxpool k=9223372036854775807 s=9223372036854775807 p=1\n", line: 2, column: 1,
             kind: "emptyOutput", fragments: ["'maxpool'"], isolated: true),
        Case(name: "softmax on a huge input", source: "input 1x4294967296x4294967296\nsoftmax\n", line: 2, column: 1,
             kind: "countOverflow", fragments: ["'softmax'"], isolated: true),
        Case(name: "global pool on a huge input", source: "input 1x4294967296x4294967296\ngap\n", line: 2, column: 1,
             kind: "countOverflow", fragments: ["'gap'"], isolated: true),
        // Fuzz finding F8: in ceil mode the window may be far larger than its input; its area overflowed.
        Case(name: "ceil-mode pool window beyond 64 bits", source: "input 1x1x1\navgpool k=4294967296 ceil=true\n",
             line: 2, column: 1, kind: "countOverflow", fragments: ["'avgpool'"], isolated: true),
    ]
}

import Foundation
import Synchronization
import Testing
import TissueArch
import TissueDiagnostics
import TissueIR

/// No input, however malformed, may crash or hang the engine. Every example must analyse; and
/// thousands of deterministic mutants of the examples (tokens and characters deleted, duplicated,
/// swapped, random punctuation inserted, numbers replaced by boundary values, files truncated)
/// must either analyse or give a ``Diagnostic`` that points inside the source and renders.
///
/// The mutants run in child processes (exit tests), so that a trap or a hang is reported with
/// the mutant that caused it instead of taking the whole test run down. A watchdog in the child
/// stops a mutant that runs too long.
@Suite("Robustness: examples and mutants")
struct RobustnessTests {
    static let examples = Repository.exampleFiles()

    // MARK: Examples

    @Test func examplesArePresent() {
        #expect(Self.examples.count >= 18, "Examples/ holds \(Self.examples.count) .arch files")
        #expect(Self.examples.contains("Examples/zoo/resnet50.arch"))
    }

    @Test("Examples", arguments: Repository.exampleFiles())
    func example(_ file: String) throws {
        let source = try Repository.text(file)
        var params: Set<Int> = []
        for convention in Convention.allCases {
            let analysis = try Repository.analyze(source, name: file, convention: convention)
            #expect(!analysis.layers.isEmpty, "\(file) under \(convention)")
            #expect(analysis.totals.params > 0, "\(file) under \(convention)")
            #expect(analysis.totals.macs > 0, "\(file) under \(convention)")
            #expect(analysis.totals.flops >= analysis.totals.macs, "\(file) under \(convention)")
            params.insert(analysis.totals.params)
        }
        #expect(params.count == 1, "parameters do not depend on the convention: \(params)")
    }

    // MARK: Mutants

    /// Makes mutants of a source text. All edits work on Unicode scalars.
    enum Mutator {
        /// Characters inserted at random: the language's punctuation, digits, the dimension `x`.
        static let alphabet = Array("{}();=x#-/*0123456789 \n,.%<".unicodeScalars)
        /// Numbers that sit on the edges: zero, one, large, 2^32, the largest Int, beyond 64 bits.
        static let boundaryNumbers = ["0", "1", "2", "3", "7", "64", "1_000_000", "1000000000", "4294967296",
                                      "3037000500", "9223372036854775807", "99999999999999999999", "1.5"]

        typealias Text = [Unicode.Scalar]

        static func isWord(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
        }

        /// The tokens of a text, roughly: runs of word characters and single other non-blanks.
        static func tokens(_ text: Text) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            var i = 0
            while i < text.count {
                let c = text[i]
                if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    i += 1
                } else if isWord(c) {
                    var j = i
                    while j < text.count, isWord(text[j]) { j += 1 }
                    ranges.append(i..<j)
                    i = j
                } else {
                    ranges.append(i..<(i + 1))
                    i += 1
                }
            }
            return ranges
        }

        static func lines(_ text: Text) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            var start = 0
            for (i, c) in text.enumerated() where c == "\n" {
                ranges.append(start..<(i + 1))
                start = i + 1
            }
            if start < text.count { ranges.append(start..<text.count) }
            return ranges
        }

        /// One random edit.
        static func mutate(_ text: inout Text, _ rng: inout SplitMix64) {
            guard !text.isEmpty else {
                text = [rng.pick(alphabet)]
                return
            }
            let tokens = tokens(text)
            switch rng.below(14) {
            case 0, 1:  // delete a token
                guard !tokens.isEmpty else { return }
                text.removeSubrange(rng.pick(tokens))
            case 2:  // duplicate a token, glued or spaced
                guard !tokens.isEmpty else { return }
                let token = rng.pick(tokens)
                let copy = Array(text[token])
                text.insert(contentsOf: rng.chance(50) ? [" "] + copy : copy, at: token.upperBound)
            case 3:  // swap two tokens
                guard tokens.count >= 2 else { return }
                let first = rng.below(tokens.count - 1)
                let second = rng.chance(50) ? first + 1 : first + 1 + rng.below(tokens.count - first - 1)
                let (a, b) = (tokens[first], tokens[second])
                let (textA, textB) = (Array(text[a]), Array(text[b]))
                text.replaceSubrange(b, with: textA)
                text.replaceSubrange(a, with: textB)
            case 4, 5:  // replace a number by a boundary value
                let numbers = tokens.filter { ("0"..."9").contains(text[$0.lowerBound]) }
                guard !numbers.isEmpty else { return }
                text.replaceSubrange(rng.pick(numbers), with: Array(rng.pick(boundaryNumbers).unicodeScalars))
            case 6:  // replace a name by another name of the same file (e.g. a block calling itself)
                let words = tokens.filter { text[$0.lowerBound].properties.isAlphabetic || text[$0.lowerBound] == "_" }
                guard words.count >= 2 else { return }
                let target = rng.pick(words)
                let replacement = Array(text[rng.pick(words)])
                text.replaceSubrange(target, with: replacement)
            case 7:  // delete a character
                text.remove(at: rng.below(text.count))
            case 8:  // duplicate a character
                let i = rng.below(text.count)
                text.insert(text[i], at: i)
            case 9:  // swap adjacent characters
                guard text.count >= 2 else { return }
                let i = rng.below(text.count - 1)
                text.swapAt(i, i + 1)
            case 10, 11:  // insert random characters
                let at = rng.below(text.count + 1)
                let inserted = (0...rng.below(3)).map { _ in rng.pick(alphabet) }
                text.insert(contentsOf: inserted, at: at)
            case 12:  // copy a line elsewhere, or delete one
                let lines = lines(text)
                let line = rng.pick(lines)
                if rng.chance(50) {
                    let copy = Array(text[line])
                    let at = rng.pick(lines).lowerBound
                    text.insert(contentsOf: copy.last == "\n" ? copy : copy + ["\n"], at: at)
                } else {
                    text.removeSubrange(line)
                }
            default:  // truncate
                text.removeSubrange(rng.below(text.count + 1)...)
            }
        }
    }

    /// Mutants in all, spread over the example files in turn (with 30 examples, 100 each).
    static let mutantCount = 3_000
    static let shards = 2
    static let seed: UInt64 = 0x7155_5E5E_ED00_2024
    /// The watchdog stops a child whose current mutant runs longer than this.
    static let hangSeconds = 60.0
    /// Mutants that replace a count by a huge number hit the bound on expanded statements; the
    /// default bound (500,000) takes seconds to reach in a debug build (minutes when the repeated
    /// body calls blocks: see `blockCallsScaleLinearly`), so the mutants run with a smaller one. The default bound itself is tested in DiagnosticTests ("repeat a billion
    /// times") and the cost of reaching it in `blockCallsScaleLinearly` below.
    static let limits = ExpansionLimits(callDepth: 64, statements: 5_000)


    /// The `index`th mutant: which file it comes from, and its text. A pure function of the index,
    /// so that a child process can start anywhere and a failure can be reproduced from its index.
    static func mutant(_ index: Int, sources: [String]) -> (file: String, text: String) {
        let fileIndex = index % examples.count
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        var text = Array(sources[fileIndex].unicodeScalars)
        for _ in 0...rng.below(3) {
            Mutator.mutate(&text, &rng)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: text)
        return (examples[fileIndex], result)
    }

    static func loadSources() -> [String] {
        examples.map { (try? Repository.text($0)) ?? "" }
    }

    /// What is wrong with the outcome of one source text, analysed under one convention, if anything.
    static func problems(of source: String, convention: Convention) -> (problems: [String], kind: String?) {
        let diagnostic: Diagnostic?
        do {
            _ = try analyzeArch(source, defaultName: "mutant", convention: convention, limits: limits)
            diagnostic = nil
        } catch {
            diagnostic = error
        }
        guard let diagnostic else { return ([], nil) }
        var problems: [String] = []
        let rendered = DiagnosticRenderer(fileName: "mutant.arch", source: source).render(diagnostic)
        if rendered.isEmpty || !rendered.hasPrefix("mutant.arch") || !rendered.contains("error: ") {
            problems.append("rendering is empty or malformed: \(rendered.debugDescription)")
        }
        let message = diagnostic.message
        if message.isEmpty || message.contains("\n") || message.contains("Optional(") {
            problems.append("malformed message \(message.debugDescription)")
        }
        let lengths = DiagnosticTests.lineLengths(source)
        func check(_ location: TissueIR.SourceLocation, _ what: String) {
            guard location.line >= 1, location.line <= lengths.count else {
                problems.append("\(what) line \(location.line) is outside the source's \(lengths.count) lines")
                return
            }
            let length = lengths[location.line - 1]
            if location.column < 1 || location.column > length + 1 {
                problems.append("\(what) column \(location.column) is outside line \(location.line) of \(length) characters")
            } else if location.column + location.length - 1 > length + 1 {
                problems.append("\(what) underline \(location.column)+\(location.length) runs past line \(location.line)")
            }
        }
        if let location = diagnostic.location {
            check(location, "error")
            // The source line and a caret under the token follow the first line.
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count < 3 || !lines[2].contains("^") {
                problems.append("no source excerpt and caret in \(rendered.debugDescription)")
            }
        } else if !message.contains("'input'") {
            problems.append("no location for \(message.debugDescription)")
        }
        for note in diagnostic.notes { check(note.location, "note") }
        return (problems, DiagnosticTests.kindName(diagnostic.kind))
    }

    /// Runs in the child process: every mutant of `shard` from `start` on, reporting on standard
    /// output `begin N` before each, then `accepted N` or `rejected N KIND`, `bad N ...` for a
    /// problem, and `done` at the end, then exits
    /// with ``finished``. A crash ends the output after the `begin` of the culprit.
    static func runMutants(shard: Int, from start: Int) -> Never {
        let sources = loadSources()
        startWatchdog()
        var index = start
        while index < mutantCount {
            let (_, text) = mutant(index, sources: sources)
            say("begin \(index)")
            mutantStart.store(DispatchTime.now().uptimeNanoseconds, ordering: .sequentiallyConsistent)
            currentMutant.store(index, ordering: .sequentiallyConsistent)
            let began = DispatchTime.now().uptimeNanoseconds
            let convention = Convention.allCases[(index / shards) % Convention.allCases.count]
            let (problems, kind) = problems(of: text, convention: convention)
            say(kind.map { "rejected \(index) \($0)" } ?? "accepted \(index)")
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            currentMutant.store(-1, ordering: .sequentiallyConsistent)
            for problem in problems { say("bad \(index) \(problem)") }
            _ = seconds  // timings are not asserted; the watchdog below only catches hangs
            index += shards
        }
        say("done")
        exit(finished)
    }

    /// One line to standard output, unbuffered, so that it survives a crash right after.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func startWatchdog() {
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                let index = currentMutant.load(ordering: .sequentiallyConsistent)
                guard index >= 0 else { continue }
                let started = mutantStart.load(ordering: .sequentiallyConsistent)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9
                if seconds > hangSeconds, currentMutant.load(ordering: .sequentiallyConsistent) == index {
                    say("hang \(index)")
                    _exit(hung)
                }
            }
        }
        thread.start()
    }

    static let finished: Int32 = 42
    static let hung: Int32 = 43

    @Test("mutants of the examples never trap or hang", arguments: 0..<shards)
    func mutants(shard: Int) async throws {
        try #require(Self.examples.count >= 10)
        let sources = Self.loadSources()
        var start = shard
        var restarts = 0
        var mutantsRun = 0
        var accepted = 0
        var kinds: [String: Int] = [:]
        while start < Self.mutantCount {
            let outcome = await #expect(
                processExitsWith: .failure, observing: [\.standardOutputContent]
            ) { [shard = shard as Int, start = start as Int] in
                RobustnessTests.runMutants(shard: shard, from: start)
            }
            guard let result = outcome else { break }
            let lines = String(decoding: result.standardOutputContent, as: UTF8.self).split(separator: "\n")
            var last: Int?
            for line in lines {
                let words = line.split(separator: " ", maxSplits: 2)
                guard words.count >= 2, let index = Int(words[1]) else { continue }
                switch words[0] {
                case "begin":
                    last = index
                    mutantsRun += 1
                case "accepted":
                    accepted += 1
                case "rejected" where words.count > 2:
                    kinds[String(words[2]), default: 0] += 1
                case "bad":
                    let (file, text) = Self.mutant(index, sources: sources)
                    let convention = Convention.allCases[(index / Self.shards) % Convention.allCases.count]
                    Issue.record("mutant \(index) of \(file) (\(convention)): \(words.count > 2 ? words[2] : "")\n--- source ---\n\(text)")
                default:
                    break
                }
            }
            if result.exitStatus == .exitCode(Self.finished), lines.last == "done" { break }
            // The child stopped early: a trap or a hang at the last mutant it began.
            guard let culprit = last else {
                Issue.record("the child process stopped (\(result.exitStatus)) before its first mutant")
                break
            }
            let (file, text) = Self.mutant(culprit, sources: sources)
            let what = result.exitStatus == .exitCode(Self.hung)
                ? "hung (more than \(Self.hangSeconds) s)" : "trapped (\(result.exitStatus))"
            let comment = Comment(rawValue: "mutant \(culprit) of \(file) \(what)\n--- source ---\n\(text)")
            Issue.record(comment)
            restarts += 1
            guard restarts < 20 else {
                Issue.record("more than 20 mutants trapped or hung; stopped at \(culprit)")
                break
            }
            start = culprit + Self.shards
        }
        #expect(mutantsRun >= Self.mutantCount / Self.shards - 1, "ran \(mutantsRun) mutants")
        // The mutants are varied enough to matter: some still analyse, most are rejected, and
        // for many different reasons.
        let rejected = kinds.values.reduce(0, +)
        #expect(accepted >= mutantsRun / 20, "only \(accepted) of \(mutantsRun) mutants analyse")
        #expect(rejected >= mutantsRun / 4, "only \(rejected) of \(mutantsRun) mutants are rejected")
        #expect(kinds.count >= 20, "only \(kinds.count) kinds of diagnostic: \(kinds.sorted { $0.value > $1.value })")
    }

    // MARK: Pathological inputs

    /// Parses, expands and analyses under every convention; true when that ends in a result or
    /// a diagnostic (what it must always do).
    static func finishes(_ source: String) -> Bool {
        do {
            for convention in Convention.allCases { _ = try analyzeArch(source, convention: convention) }
        } catch {
            _ = DiagnosticRenderer(fileName: "deep.arch", source: source).render(error)
        }
        return true
    }

    /// Braces nested ten thousand deep stop at the nesting bound.
    @Test func deepBracesStopAtTheNestingBound() async {
        await #expect(processExitsWith: .success) {
            let source = "input 3x32x32\n" + String(repeating: "repeat 1 {\n", count: 10_000) + "relu"
            guard case .nestingTooDeep? = DiagnosticTests.firstDiagnostic(source)?.kind else { exit(1) }
        }
    }

    /// `conv ----...--8`: a chain of unary minus signs must end in a result or a diagnostic.
    @Test func longUnaryChainDoesNotCrash() async {
        await #expect(processExitsWith: .success) {
            _ = RobustnessTests.finishes("input 3x32x32\nconv " + String(repeating: "-", count: 5_000) + "8 k=1\n")
        }
    }

    /// `conv 1+1+...+1`: a long sum is parsed in a loop, but must also be evaluated without crashing.
    @Test func longSumDoesNotCrash() async {
        await #expect(processExitsWith: .success) {
            _ = RobustnessTests.finishes("input 3x32x32\nconv " + String(repeating: "1+", count: 5_000) + "8 k=1\n")
        }
    }

    /// A 100 KB line lexes, and columns stay right to its end. (Lexing once rescanned the line for
    /// every token, which took about 30 s here; timings are not asserted, the size is the guard.)
    @Test func longLinesLexWithCorrectColumns() {
        let count = 20_000
        let line = String(repeating: "relu; ", count: count) + "rleu"
        let diagnostic = DiagnosticTests.firstDiagnostic("input 3x32x32\n" + line)
        #expect(diagnostic?.location?.line == 2)
        #expect(diagnostic?.location?.column == 6 * count + 1)
    }

    /// Many block calls expand like as many layers. (Each call once copied the whole graph built so
    /// far, which made this take about a minute; timings are not asserted, the size is the guard.)
    @Test func manyBlockCallsExpand() throws {
        let network = try ArchReader.read("block b() { relu }\ninput 3x32x32\nrepeat 20000 { b() }\n")
        #expect(network.graph.nodes.count == 20_001)
    }

    /// The generator is deterministic: the same index gives the same mutant, and mutants differ.
    @Test func mutantsAreDeterministic() {
        let sources = Self.loadSources()
        let a = (0..<50).map { Self.mutant($0, sources: sources).text }
        let b = (0..<50).map { Self.mutant($0, sources: sources).text }
        #expect(a == b)
        #expect(Set(a).count >= 45)
        #expect(zip(a, (0..<50).map { sources[$0 % sources.count] }).filter { $0 != $1 }.count >= 45,
                "nearly every mutant differs from its example")
    }
}

/// The mutant the child is working on (-1 between mutants) and when it began, for the watchdog.
private let currentMutant = Atomic<Int>(-1)
private let mutantStart = Atomic<UInt64>(0)

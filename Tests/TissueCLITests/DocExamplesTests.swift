import Foundation
import Testing
@testable import TissueCLI

/// Every example a user may copy runs as written in bash: the examples of every command's help,
/// the `sh` blocks of README.md, docs/ and Examples/ (line by line, in one shell), and the
/// `$ tissue ...` lines of their transcripts. Quoting matters here (`--budget 'flops<=4G'`
/// unquoted is a redirection), which the in-process transcript tests cannot see. Each runs in a
/// scratch directory beside links to the repository's `Examples`, `Tests` and `docs`, with the
/// built `tissue` first on PATH.
@Suite("examples run in bash", .enabled(if: Executable.url != nil, "\(Executable.notFound)"))
struct DocExamplesTests {
    struct Example: CustomStringConvertible, Sendable {
        /// `docs/cli.md:225`, or `help of check`.
        var place: String
        /// The commands, each run in turn in one shell.
        var commands: [String]
        /// The exit statuses each command may have.
        var allowed: [Set<Int32>]
        var description: String { place }
    }

    /// Documents whose commands are measurement recipes, not examples: release and native builds,
    /// twenty passes of ResNet-50 each, a PyTorch environment. They are run by hand (see the page).
    static let recipes: Set<String> = ["docs/performance.md"]

    static var documents: [String] {
        let root = Golden.root
        var files = ["README.md"]
        for folder in ["docs", "Examples"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "md" {
                files.append(String(url.path.dropFirst(root.path.count + 1)))
            }
        }
        return files.sorted().filter { !recipes.contains($0) }
    }

    static func isTissue(_ command: String) -> Bool { command.hasPrefix("tissue ") }

    /// `.build/debug/tissue` and `.build/release/tissue` are the `tissue` on PATH here.
    static func normalized(_ line: String) -> String {
        var line = line.trimmingCharacters(in: .whitespaces)
        for prefix in [".build/debug/tissue ", ".build/release/tissue "] where line.hasPrefix(prefix) {
            line = "tissue " + line.dropFirst(prefix.count)
        }
        return line
    }

    static func examples() -> [Example] {
        var examples: [Example] = []
        for command in TissueCommandLine.commands {
            for example in command.spec.examples {
                examples.append(Example(place: "help of \(command.spec.name): \(example)", commands: [example], allowed: [[0, 1]]))
            }
        }
        for document in documents {
            guard let text = try? String(contentsOf: Golden.root.appendingPathComponent(document), encoding: .utf8) else { continue }
            examples += Self.examples(in: text, document: document)
        }
        return examples
    }

    /// The `sh` blocks and transcript lines of one Markdown document.
    static func examples(in text: String, document: String) -> [Example] {
        var examples: [Example] = []
        let lines = text.components(separatedBy: "\n")
        var fence: String?
        var block: [String] = [], blockStart = 0
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("```") {
                if fence == nil {
                    fence = String(line.dropFirst(3))
                    block = []
                    blockStart = index + 2
                } else {
                    if fence == "sh" || fence == "bash", let example = shellBlock(block, place: "\(document):\(blockStart)") {
                        examples.append(example)
                    }
                    fence = nil
                }
            } else if fence == "console", line.hasPrefix("$ tissue ") {
                // The transcript's own exit status follows as `$ echo $?` when it is not 0.
                var status: Int32 = 0
                var next = index + 1
                while next < lines.count, !lines[next].hasPrefix("$ "), !lines[next].hasPrefix("```") { next += 1 }
                if next + 1 < lines.count, lines[next] == "$ echo $?", let value = Int32(lines[next + 1]) { status = value }
                examples.append(Example(place: "\(document):\(index + 1)", commands: [String(line.dropFirst(2))], allowed: [[status]]))
            } else if fence != nil {
                block.append(line)
            }
            index += 1
        }
        return examples
    }

    /// Recipes in the documents, not examples of tissue: building, the test suite, the browser
    /// check (which needs Chromium), installing the binary into the system.
    static func isRecipe(_ command: String) -> Bool {
        let words = command.split(separator: " ").drop { $0.contains("=") }
        return ["swift", "python3", "python", "install"].contains(words.first.map(String.init) ?? "")
    }

    /// How much a line opens (`for ...; do`) or closes (`done`) a compound command.
    static func nesting(_ line: String) -> Int {
        let words = line.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)
        return words.filter { ["for", "while", "if", "until"].contains($0) }.count - words.filter { ["done", "fi"].contains($0) }.count
    }

    /// A shell block as commands: comments and developer recipes left out (the binary is built),
    /// a here-document or a loop kept whole.
    static func shellBlock(_ block: [String], place: String) -> Example? {
        var commands: [String] = []
        var index = 0
        while index < block.count {
            var command = normalized(block[index])
            index += 1
            if command.isEmpty || command.hasPrefix("#") || isRecipe(command) { continue }
            if let marker = command.range(of: "<<'") {
                let end = command[marker.upperBound...].prefix { $0 != "'" }
                while index < block.count {
                    command += "\n" + block[index]
                    index += 1
                    if block[index - 1] == end { break }
                }
            }
            var depth = nesting(command)
            while depth > 0, index < block.count {
                command += "\n" + normalized(block[index])
                depth += nesting(block[index])
                index += 1
            }
            commands.append(command)
        }
        guard !commands.isEmpty else { return nil }
        return Example(place: place, commands: commands, allowed: commands.map { isTissue($0) ? [0, 1] : [0] })
    }

    /// Runs the commands in one bash, each followed by a marker with its exit status.
    static func run(_ example: Example) throws -> (statuses: [Int32], error: String, output: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for folder in ["Examples", "Tests", "docs"] {
            try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent(folder),
                                                       withDestinationURL: Golden.root.appendingPathComponent(folder))
        }
        let script = example.commands.map { $0 + "\necho \"@@status:$?\" >&2" }.joined(separator: "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = scratch
        var environment = ProcessInfo.processInfo.environment
        let folder = try #require(Executable.url).deletingLastPathComponent().path
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let outURL = scratch.appendingPathComponent(".out"), errURL = scratch.appendingPathComponent(".err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let error = try String(contentsOf: errURL, encoding: .utf8)
        let statuses = error.components(separatedBy: "\n").compactMap { line in
            line.hasPrefix("@@status:") ? Int32(line.dropFirst("@@status:".count)) : nil
        }
        return (statuses, error, try String(contentsOf: outURL, encoding: .utf8))
    }

    @Test func theExamplesAreFound() {
        let all = Self.examples()
        #expect(all.count >= 60)
        #expect(all.contains { $0.place.hasPrefix("docs/stacking.md") })
        #expect(all.contains { $0.place.hasPrefix("help of sweep") && $0.commands[0].contains("'flops<=4G'") })
    }

    /// What the check above exists for: unquoted, `<=4G` is a redirection from a file named `=4G`.
    @Test func anUnquotedBudgetIsCaught() throws {
        let run = try Self.run(Example(place: "test", commands: [
            "tissue sweep Examples/zoo/resnet18-cifar10.arch --hidden 2 --budget flops<=4G",
        ], allowed: [[0, 1]]))
        #expect(run.error.contains("No such file or directory"))
    }

    /// The README's GitHub Actions workflow works as written: one marked line to change, and its
    /// check step (with the tissue built here) passes on this repository's budgeted designs.
    @Test func theReadmeWorkflowWorksAsWritten() throws {
        let readme = try String(contentsOf: Golden.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Checking budgets in GitHub Actions"))
        let rest = readme[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n")), end = try #require(rest.range(of: "\n```", range: start.upperBound..<rest.endIndex))
        let yaml = rest[start.upperBound..<end.lowerBound].components(separatedBy: "\n")
        #expect(yaml.filter { $0.contains("<- the one line to change") }.count == 1)
        #expect(yaml.contains { $0.contains("repository: ${{ env.TISSUE_REPOSITORY }}") })
        #expect(yaml.contains { $0.contains("swift build -c release --static-swift-stdlib --package-path .tissue") })
        let step = try #require(yaml.first { $0.contains("run: .tissue/.build/release/tissue check") })
        let command = "tissue " + step.components(separatedBy: "run: .tissue/.build/release/tissue ")[1]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = Golden.root
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = try #require(Executable.url).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("::notice file=Examples/ci/resnet18-stacked-budget.arch,line=15"), "\(output)")
        #expect(output.hasSuffix("check passed: 9 budgets hold in 2 files\n"), "\(output)")
    }

    @Test("every example runs as written", arguments: examples())
    func runsAsWritten(_ example: Example) throws {
        let run = try Self.run(example)
        #expect(run.statuses.count == example.commands.count, "\(run.error)")
        for (command, (status, allowed)) in zip(example.commands, zip(run.statuses, example.allowed)) {
            #expect(allowed.contains(status), "'\(command)' exited \(status):\n\(run.error)")
        }
        for complaint in ["No such file or directory", "command not found", "syntax error", "ambiguous redirect"] {
            #expect(!run.error.contains(complaint), "\(run.error)")
        }
        if example.allowed.allSatisfy({ !$0.contains(2) }) {
            #expect(!run.error.contains("error:"), "\(run.error)")
        }
    }
}

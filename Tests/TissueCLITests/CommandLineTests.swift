import Foundation
import Testing
@testable import TissueCLI

/// What every registered command must offer, whoever wrote it: help three ways with a synopsis,
/// options with their defaults and examples that really bind; unknown names answered in one
/// sentence with a "did you mean"; results on standard output and errors on standard error.
@Suite("the command line as a whole")
struct CommandLineTests {
    static var names: [String] { TissueCommandLine.commands.map { $0.spec.name } }

    @Test func overviewListsEveryCommand() {
        let run = Run("--help")
        #expect(run.status == 0)
        for name in Self.names {
            #expect(run.output.contains("\n  \(name) "), "overview lacks '\(name)'")
        }
        #expect(run.output.contains("Exit status: 0 success, 1 a check failed, 2 a usage or input error."))
    }

    @Test("help is the same every way, with synopsis, options, defaults and examples", arguments: names)
    func help(_ name: String) throws {
        let a = Run(name, "--help"), b = Run("help", name), c = Run(name, "-h")
        #expect(a.status == 0 && b.status == 0 && c.status == 0)
        #expect(a.output == b.output && a.output == c.output)
        #expect(a.error.isEmpty)
        #expect(a.output.hasPrefix("USAGE: tissue \(name)"))
        #expect(a.output.contains("\nOPTIONS:\n"))
        #expect(a.output.contains("\nEXAMPLES:\n"))
        let spec = try #require(TissueCommandLine.command(named: name)).spec
        for option in spec.options {
            #expect(a.output.contains("--\(option.name)"))
            if let value = option.defaultValue { #expect(a.output.contains("(default: \(value))"), "--\(option.name)") }
        }
    }

    /// Each example is a real invocation: every `tissue ...` stage of it binds to its command's
    /// spec, and every repository file it names exists.
    @Test("examples bind and name files that exist", arguments: names)
    func examples(_ name: String) throws {
        let spec = try #require(TissueCommandLine.command(named: name)).spec
        #expect(!spec.examples.isEmpty)
        for example in spec.examples {
            #expect(example.hasPrefix("tissue \(name)"), "\(example)")
            for stage in example.components(separatedBy: " | ") {
                var words = stage.split(separator: " ").map(String.init)
                if let redirect = words.firstIndex(where: { $0.hasPrefix(">") }) { words = Array(words[..<redirect]) }
                guard words.count >= 2, words[0] == "tissue", let command = TissueCommandLine.command(named: words[1]) else {
                    Issue.record("'\(stage)' is not a tissue command")
                    continue
                }
                #expect(throws: Never.self, "\(stage)") { try ArgumentBinder.bind(Array(words.dropFirst(2)), to: command.spec) }
                for word in words where word.hasPrefix("Examples/") {
                    // `--unit FILE:NAME` names a file and a unit in it.
                    let file = word.range(of: ".arch:").map { String(word[..<$0.lowerBound]) + ".arch" } ?? word
                    #expect(FileManager.default.fileExists(atPath: Golden.root.appendingPathComponent(file).path), "\(word)")
                }
            }
        }
    }

    @Test("a misspelt option gets a did-you-mean", arguments: names)
    func misspeltOption(_ name: String) throws {
        let spec = try #require(TissueCommandLine.command(named: name)).spec
        for option in spec.options {
            let typo = "--" + option.name + String(option.name.last ?? "x")
            let run = Run(name, typo)
            #expect(run.status == 2)
            #expect(run.output.isEmpty)
            #expect(run.error == "tissue: error: unknown option '\(typo)' for 'tissue \(name)'; did you mean '--\(option.name)'?\n")
        }
    }

    @Test("unknown commands and global options are one sentence with a did-you-mean", arguments: [
        (["chek"], "unknown command 'chek'; did you mean 'check'?"),
        (["analyse"], "unknown command 'analyse'; did you mean 'analyze'?"),
        (["help", "chek"], "unknown command 'chek'; did you mean 'check'?"),
        (["--vesion"], "unknown option '--vesion'; did you mean '--version'?"),
        (["--hlep"], "unknown option '--hlep'; did you mean '--help'?"),
        (["frobnicate"], "unknown command 'frobnicate'; see 'tissue --help'"),
    ])
    func unknownNames(_ arguments: [String], _ message: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error == "tissue: error: \(message)\n")
    }

    @Test func helpOfHelpIsTheOverview() {
        #expect(Run("help", "help").output == Run("--help").output)
        #expect(Run("help").output == Run("--help").output)
    }

    @Test func versionIsOneLineOnStandardOutput() {
        let run = Run("--version")
        #expect(run.status == 0)
        #expect(run.output == "tissue \(TissueCommandLine.version)\n")
    }

    @Test func colorOnlyOnATerminalAndNeverWithNoColor() {
        #expect(!Run(["chek"], terminal: false).error.contains("\u{1B}["))
        #expect(Run(["chek"], terminal: true).error.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(!Run(["chek"], environment: ["NO_COLOR": "1"], terminal: true).error.contains("\u{1B}["))
        #expect(!Run(["chek"], environment: ["NO_COLOR": ""], terminal: true).error.contains("\u{1B}["))
        #expect(!Run(["chek"], environment: ["TERM": "dumb"], terminal: true).error.contains("\u{1B}["))
    }

    @Test func doubleDashEndsOptionsSoADashedFileNameIsAFile() {
        let run = Run("check", "--max-params", "1M", "--", "--max-params")
        #expect(run.status == 2)
        #expect(run.error.contains("cannot read '--max-params'"), "\(run.error)")
    }
}

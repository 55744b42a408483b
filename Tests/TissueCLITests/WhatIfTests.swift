import Foundation
import Testing
@testable import TissueCLI

/// `analyze` as a user of thop, fvcore, ptflops or torchinfo expects it: another input, a batch,
/// a precision, shares of the total, a roll-up by block, memory in bytes. Expected values are
/// worked out here from the layers' sizes.
@Suite("what-if options and memory")
struct WhatIfTests {
    /// 3×H×W → conv 8 k=3 p=1 (bias) → relu → gap → flatten → linear 10.
    static let small = "model small\ninput 3x8x8\nconv 8 k=3 p=1\nrelu\ngap\nflatten\nlinear 10\n"

    static func json(_ arguments: [String], stdin: String = small) throws -> [String: Any] {
        let run = Run(arguments + ["--format", "json"], stdin: stdin)
        #expect(run.status == 0, "\(run.error)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
    }

    static func totals(_ json: [String: Any]) -> [String: Int] {
        (json["totals"] as? [String: Int]) ?? [:]
    }

    @Test("--input reads the model at another size", arguments: [
        (["--input", "3x16x16"], 16, 16), (["--input", "16x12"], 16, 12), (["--input", "20"], 20, 20), (["-i", "4x4"], 4, 4),
    ])
    func input(_ options: [String], _ height: Int, _ width: Int) throws {
        let json = try Self.json(["analyze", "-"] + options)
        #expect(json["input"] as? [Int] == [3, height, width])
        // conv MACs: H·W·8 outputs × 3·9; linear 8·10.
        #expect(Self.totals(json)["macs"] == height * width * 8 * 27 + 80)
    }

    @Test func inputOfAVectorModelIsItsLength() throws {
        let json = try Self.json(["analyze", "-", "--input", "50"], stdin: "input 100\nlinear 10\n")
        #expect(json["input"] as? [Int] == [50])
        #expect(Self.totals(json)["params"] == 510)
    }

    @Test("a bad --input is one sentence", arguments: [
        (["--input", "3x0x8"], "'3x0x8' is not a valid value for '--input'"),
        (["--input", "1x2x3x4"], "'1x2x3x4' is not a valid value for '--input'"),
        (["--input", "8y8"], "'8y8' is not a valid value for '--input'"),
        (["--input", "99999x99999"], "'99999x99999' is not a valid value for '--input'"),
    ])
    func badInput(_ options: [String], _ message: String) {
        let run = Run(["analyze", "-"] + options, stdin: Self.small)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(message), "\(run.error)")
    }

    @Test func batchMultipliesEverythingButParameters() throws {
        let one = try Self.json(["analyze", "-"]), four = try Self.json(["analyze", "-", "--batch", "4"])
        #expect(four["batch"] as? Int == 4)
        let (a, b) = (Self.totals(one), Self.totals(four))
        #expect(b["params"] == a["params"])
        for key in ["macs", "flops", "activations"] { #expect(b[key] == a[key].map { 4 * $0 }, "\(key)") }
        let memory = try #require(four["memory"] as? [String: Any]), single = try #require(one["memory"] as? [String: Any])
        #expect(memory["peakActivations"] as? Int == (single["peakActivations"] as? Int).map { 4 * $0 })
        #expect(Run(["analyze", "-", "--batch", "0"], stdin: Self.small).status == 2)
        #expect(Run(["analyze", "-", "--batch", "2000000"], stdin: Self.small).error.contains("beyond the limit"))
    }

    /// conv 8·3·9 + 8 = 224 and linear 8·10 + 10 = 90: 314 parameters.
    @Test("--dtype and --bytes-per-param are one precision", arguments: [
        (["--dtype", "f32"], 1256), (["--dtype", "bf16"], 628), (["--dtype", "int8"], 314), (["--dtype", "int4"], 157),
        (["--bytes-per-param", "0.5"], 157), (["--bytes-per-param", "0.125"], 40), (["--dtype", "binary"], 40), ([], 1256),
    ])
    func precision(_ options: [String], _ bytes: Int) throws {
        let memory = try #require(try Self.json(["analyze", "-"] + options)["memory"] as? [String: Any])
        #expect(memory["params"] as? Int == bytes)
    }

    @Test func memoryInBytesAtInference() throws {
        let memory = try #require(try Self.json(["analyze", "-"])["memory"] as? [String: Any])
        // input 192 + conv 512 (relu writes over it); then gap 8 beside conv; flatten views gap.
        #expect(memory["peakActivations"] as? Int == 4 * (192 + 512))
        #expect(memory["peakAt"] as? String == "conv")
        let torchinfo = try #require(memory["torchinfo"] as? [String: Int])
        #expect(torchinfo == ["totalInput": 4 * 192 + 64, "totalOutputBytes": 2 * 4 * (512 + 10), "totalParamBytes": 4 * 314])
        #expect(memory["trainingEstimate"] as? Int == torchinfo.values.reduce(0, +))
    }

    @Test func theTextShowsTheMemoryInTheUnitsAsked() {
        let si = Run(["analyze", "Examples/zoo/resnet18.arch", "--summary"])
        #expect(si.output.contains("params                 46.76 MB  11.69M × 4 B"), "\(si.output)")
        let iec = Run(["analyze", "Examples/zoo/resnet18.arch", "--summary", "--units", "iec", "--dtype", "f16"])
        #expect(iec.output.contains("memory (f16, batch 1)"))
        #expect(iec.output.contains("22.30 MiB  11.69M × 2 B"), "\(iec.output)")
    }

    /// Each share is the layer's count over the total, to one decimal; the column sums to 100%.
    @Test func sharesOfParamsAndMACs() {
        let csv = Run(["analyze", "-", "--format", "csv"], stdin: Self.small).output
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["path", "op", "output", "params", "params %", "MACs", "MACs %", "FLOPs", "activations"])
        let conv = rows[1]
        #expect(conv[4] == NumberFormatReference.percent(224, of: 314))
        #expect(conv[6] == NumberFormatReference.percent(8 * 64 * 27, of: 8 * 64 * 27 + 80))
        #expect(conv[8] == "512")
        #expect(rows[2][4] == "", "a layer without parameters shows no share")
        #expect(rows.last?[4] == "100.00")
        let text = Run(["analyze", "-"], stdin: Self.small).output
        #expect(text.contains("71.3%"))
    }

    @Test func markdownHasTheActivations() {
        let markdown = Run(["analyze", "-", "--format", "markdown"], stdin: Self.small).output
        #expect(markdown.contains("| path | op | output | params | % | MACs | % | FLOPs | activations |"))
        #expect(markdown.contains("| conv | conv 3x3 | 8x8x8 | 224 | 71.3% |"))
    }

    /// ResNet-18 at depth 1: the stem's four layers, eight blocks, then gap, flatten, linear.
    @Test func depthRollsUpByBlock() throws {
        let json = try Self.json(["analyze", "Examples/zoo/resnet18.arch", "--depth", "1"])
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.map { $0["path"] as? String ?? "" }
            == ["conv", "bn", "relu", "maxpool", "basic1", "basic2", "down1", "basic3", "down2", "basic4", "down3", "basic5",
                "gap", "flatten", "linear"])
        let totals = Self.totals(json)
        for key in ["params", "macs", "flops", "activations"] {
            #expect(groups.reduce(0) { $0 + ($1[key] as? Int ?? 0) } == totals[key], "\(key)")
        }
        let text = Run(["analyze", "Examples/zoo/resnet18.arch", "--depth", "1"]).output
        #expect(text.contains("\ndown1    9 layers         128x28x28  230.1k    2.0%"), "\(text)")
        #expect(Run(["analyze", "Examples/zoo/resnet18.arch", "--depth", "0"]).status == 2)
        #expect(Run(["analyze", "Examples/zoo/resnet18.arch", "--depth", "1", "--summary"]).status == 2)
    }

    /// The torchinfo convention's mult-adds, and the five figures of torchinfo's summary.
    @Test func torchinfoConventionOnTheCommandLine() throws {
        let json = try Self.json(["analyze", "Examples/zoo/lenet5.arch", "--convention", "torchinfo"])
        #expect(Self.totals(json)["macs"] == 423_038)
        let memory = try #require(json["memory"] as? [String: Any])
        #expect(memory["torchinfo"] as? [String: Int] == ["totalInput": 3200, "totalOutputBytes": 52144, "totalParamBytes": 246_824])
    }
}

/// The one formatter's percentages with two decimals, as CSV prints them, for expectations.
enum NumberFormatReference {
    static func percent(_ part: Int, of whole: Int) -> String {
        let hundredths = (Double(part) * 10000 / Double(whole)).rounded()
        let value = Int(hundredths)
        let fraction = value % 100
        return "\(value / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

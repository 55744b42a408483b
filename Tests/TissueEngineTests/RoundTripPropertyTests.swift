import Foundation
import Testing
import TissueArch
import TissueIR
import TissueReports
import TissueTransforms

/// Every file the tool writes reads back to the network it describes, for any network: a
/// thousand random ones (nested stacks, hybrid layers, residual scopes, blocks whose width
/// changes inside the body, hundreds of blocks, odd file names), printed, read back and compared
/// layer by layer; with the invariants that go with it.
@Suite("Printed networks read back")
struct RoundTripPropertyTests {
    /// A random `.arch` program that is valid by construction: the generator tracks the channels
    /// and the spatial size entering each statement.
    struct Program {
        var rng: SplitMix64
        var definitions: [String] = []
        var body: [String] = []
        var channels: Int
        var size: Int
        var unitCount = 0

        init(seed: UInt64) {
            rng = SplitMix64(seed: seed)
            channels = rng.pick([2, 4, 6, 8])
            size = rng.pick([8, 12, 16])
        }

        mutating func width() -> Int { rng.pick([2, 4, 6, 8, 12]) }

        /// A unit that keeps its width: conv to a hidden width and back.
        mutating func plainUnit() -> String {
            unitCount += 1
            let name = "u\(unitCount)"
            let layer = rng.chance(50) ? "conv c2 k=3 p=1; relu; conv c1 k=3 p=1" : "conv c2 k=1 bias=false; bn; relu; conv c1 k=1"
            definitions.append("unit \(name)(c1, c2) in c1 { \(layer) }")
            return name
        }

        mutating func stack() {
            let pieces = [1, 2, 3, 4, 6].filter { channels % $0 == 0 && channels / $0 <= 12 }
            let piece = rng.pick(pieces)
            let count = channels / piece
            switch rng.below(3) {
            case 0:  // homogeneous
                let unit = plainUnit()
                body.append("stack \(count) x \(unit)(\(piece), \(rng.next(1...6)))")
            case 1 where count >= 2:  // hybrid: two kinds of units side by side
                let a = plainUnit(), b = plainUnit()
                let first = rng.next(1...(count - 1))
                body.append("stack \(first) x \(a)(\(piece), \(rng.next(1...4))), \(count - first) x \(b)(\(piece), \(rng.next(1...4)))")
            default:  // nested: units that hold a stack of their own
                let inner = plainUnit()
                unitCount += 1
                let outer = "o\(unitCount)"
                let innerPiece = piece % 2 == 0 ? 2 : 1
                definitions.append("unit \(outer)(c) in c { stack (in/\(innerPiece)) x \(inner)(\(innerPiece), 2); relu }")
                body.append("stack \(count) x \(outer)(\(piece))")
            }
        }

        mutating func statement() {
            switch rng.below(9) {
            case 0, 1:
                let out = width()
                let stride = size >= 6 && rng.chance(25) ? 2 : 1
                body.append("conv \(out) k=3 s=\(stride) p=1" + (rng.chance(60) ? "; bn; relu" : ""))
                channels = out
                size = (size + 2 - 3) / stride + 1
            case 2:
                body.append("dwconv k=3 p=1" + (rng.chance(50) ? " m=2; relu" : "; relu"))
                if body.last?.contains("m=2") == true { channels *= 2 }
            case 3:
                // The residual scopes: the identity, or a projection when the width changes.
                let inner = width(), out = rng.chance(60) ? channels : width()
                let shortcut = out == channels ? "" : " shortcut { conv \(out) k=1 bias=false; bn }"
                body.append("residual { conv \(inner) k=3 p=1 bias=false; bn; relu; conv \(out) k=3 p=1 bias=false; bn }\(shortcut)")
                body.append("relu")
                channels = out
            case 4:
                let a = width(), b = width()
                body.append(rng.chance(20) ? "concat { } { conv \(b) k=1 }" : "concat { conv \(a) k=1 } { conv \(b) k=1; relu }")
                channels = body.last?.hasPrefix("concat { }") == true ? channels + b : a + b
            case 5:
                stack()
            case 6:
                // A block whose width changes inside its body.
                let name = "b\(definitions.count)"
                definitions.append("block \(name)(w) { conv w*2 k=1; relu; conv w k=1 }")
                let w = width()
                body.append("\(name)(\(w))")
                channels = w
            case 7:
                body.append("repeat \(rng.next(1...3)) { conv \(channels) k=3 p=1; bn; relu }")
            default:
                if size >= 4 {
                    body.append(rng.pick(["maxpool k=2", "avgpool k=2", "maxpool k=3 s=2 p=1"]))
                    size = body.last == "maxpool k=3 s=2 p=1" ? (size + 2 - 3) / 2 + 1 : size / 2
                } else {
                    body.append("shuffle g=\(channels % 2 == 0 ? 2 : 1)")
                }
            }
        }

        mutating func make() -> String {
            // Sometimes hundreds of blocks, most never called.
            if rng.chance(5) {
                for index in 0..<rng.next(100...300) { definitions.append("block many\(index)(w) { conv w k=1 }") }
                body.append("many\(rng.next(0...99))(\(channels))")
            }
            let start = "input \(channels)x\(size)x\(size)"
            for _ in 0..<rng.next(2...9) { statement() }
            body += ["gap", "flatten", "linear 10"]
            return (definitions + [start] + body).joined(separator: "\n") + "\n"
        }
    }

    /// Odd names a file may give a model without a `model` line.
    static let names = ["net", "my net#2", "tab\tname", "semi;colon", "ünï-cödé", "#", " "]

    /// What must be the same for a network and its printed text read back: every layer's
    /// description, shapes and counts, in order, units included.
    static func signature(_ layers: [LayerCost]) -> [String] {
        layers.flatMap { layer in
            ["\(layer.summary) \(layer.inputs) → \(layer.output) \(layer.cost)"]
                + layer.units.flatMap { ["unit \($0.width)"] + signature($0.layers) }
        }
    }

    @Test func aThousandRandomNetworksReadBack() throws {
        var checked = 0, stacks = 0, stackedDesigns = 0
        for seed in 0..<1_000 as Range<UInt64> {
            var program = Program(seed: seed)
            let source = program.make()
            let name = Self.names[Int(seed) % Self.names.count]
            let network = try ArchReader.read(source, defaultName: name)
            let analysis = try Analysis(network)

            // Printed, read back, and printed again: the same network and the same text.
            let printed = try ArchPrinter().print(network)
            let reread = try ArchReader.read(printed, defaultName: "ignored")
            let again = try Analysis(reread)
            #expect(Self.signature(again.layers) == Self.signature(analysis.layers), "seed \(seed)\n\(source)\n---\n\(printed)")
            #expect(again.totals == analysis.totals)
            #expect(try ArchPrinter().print(reread) == printed, "seed \(seed): printing is a fixed point")
            #expect(try ArchPrinter().print(network) == printed, "seed \(seed): the same bytes twice")

            // Totals are the sum of the layers.
            var sum = Cost.zero
            for layer in analysis.layers { sum = try sum.adding(layer.cost) }
            #expect(sum == analysis.totals)

            // A homogeneous stack of n units of dense convolutions has 1/n of its counterpart's MACs.
            for comparison in try StackComparison.all(in: analysis) {
                guard let dense = comparison.dense, let layer = analysis.layers.first(where: { $0.path == comparison.path }),
                      Set(layer.units.map { Self.signature($0.layers) }).count == 1,
                      layer.units.allSatisfy({ $0.layers.allSatisfy { !$0.summary.hasPrefix("stack") && !$0.summary.hasPrefix("dwconv") } })
                else { continue }
                #expect(dense.macs == comparison.units * comparison.stacked.macs, "seed \(seed) \(comparison.path)")
                stacks += 1
            }

            // JSON parses strictly and agrees with the exact table.
            let report = try AnalysisReport(analysis, detail: .summary)
            let json = report.json().rendered()
            #expect(json == (try AnalysisReport(analysis, detail: .summary)).json().rendered())
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let totals = object?["totals"] as? [String: Int]
            #expect(totals?["params"] == analysis.totals.params && totals?["macs"] == analysis.totals.macs)
            #expect(report.csv().contains("params,\(analysis.totals.params)\r\n"))

            // The stacking transform's output reads back to the network it built.
            if let (stacked, _) = try? StackTransform(hidden: 2, piece: 1).apply(to: network) {
                let text = try ArchPrinter().print(stacked)
                #expect(try Analysis(try ArchReader.read(text)).totals == (try Analysis(stacked)).totals, "seed \(seed)\n\(text)")
                stackedDesigns += 1
            }
            checked += 1
        }
        #expect(checked == 1_000)
        #expect(stacks > 50 && stackedDesigns > 20, "\(stacks) stacks and \(stackedDesigns) stacked designs checked")
    }
}

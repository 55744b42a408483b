import Foundation
import Testing
import TissueArch
import TissueIR
@testable import TissueReports

/// Network diagrams: on every example and every roll-up depth, no two boxes overlap, every
/// label fits its box (by the estimated widths), no edge crosses a box, the drawing fits the page,
/// and the same input gives the same bytes.
@Suite("Diagrams")
struct DiagramTests {
    static let depths: [Int?] = [nil, 1, 2, 3]

    static func diagram(_ file: String, depth: Int? = nil, metric: DiagramMetric = .macs) throws -> Diagram {
        let source = try Repository.text(file)
        let name = String(file.split(separator: "/").last ?? "").replacingOccurrences(of: ".arch", with: "")
        let network = try ArchReader.read(source, defaultName: name)
        return Diagram(network: network, analysis: try Analysis(network), metric: metric, depth: depth)
    }

    /// Problems of a laid-out page: overlapping boxes, labels outside their box, boxes cut by a
    /// frame, edges through boxes, a page wider than ``DiagramStyle/pageWidth``.
    static func problems(_ page: DiagramPage, extraBoxes: [ChartBox] = []) -> [String] {
        var problems: [String] = []
        let boxes = page.body.boxes
        let all = boxes.map(\.frame) + page.legend.flatMap { [$0.swatch, $0.text] } + extraBoxes
        for i in all.indices {
            for j in all.indices where j > i && all[i].overlap(all[j]) > 0.01 {
                problems.append("boxes overlap: \(i) \(all[i]) and \(j) \(all[j])")
            }
            if all[i].x < 0 || all[i].y < 0 || all[i].maxX > page.width || all[i].maxY > page.height {
                problems.append("box \(i) leaves the page: \(all[i])")
            }
        }
        for placed in boxes {
            for label in placed.labelBoxes where label.outside(placed.frame) > 0.01 {
                problems.append("label of \(placed.box.path) leaves its box: \(label) in \(placed.frame)")
            }
            for frame in page.body.frames {
                let inside = placed.frame.overlap(frame)
                if inside > 0.01, placed.frame.outside(frame) > 0.01 {
                    problems.append("frame \(frame) cuts box \(placed.box.path)")
                }
            }
        }
        for edge in page.body.edges {
            for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                for placed in boxes where segment(a, b, crosses: placed.frame) {
                    problems.append("edge \(a)→\(b) crosses box \(placed.box.path) \(placed.frame)")
                }
            }
        }
        if page.width > DiagramStyle.pageWidth { problems.append("page is \(page.width) wide") }
        return problems
    }

    /// Whether the segment passes through the box's interior (touching its border is fine: edges
    /// end on boxes).
    static func segment(_ a: DiagramPoint, _ b: DiagramPoint, crosses box: ChartBox) -> Bool {
        let inset = 0.5
        let minX = box.x + inset, maxX = box.maxX - inset, minY = box.y + inset, maxY = box.maxY - inset
        // Liang–Barsky clipping of the segment against the inset rectangle.
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - minX), (dx, maxX - a.x), (-dy, a.y - minY), (dy, maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    @Test("every example at every depth is laid out cleanly", arguments: Repository.exampleFiles())
    func examplesAreClean(_ file: String) throws {
        for depth in Self.depths {
            let diagram = try Self.diagram(file, depth: depth)
            guard case .regions = diagram.content else {
                Issue.record("\(file) has no series-parallel layout")
                continue
            }
            let problems = Self.problems(DiagramPage(diagram))
            #expect(problems.isEmpty, "\(file) depth \(depth.map(String.init) ?? "none"): \(problems.prefix(5))")
        }
    }

    @Test func drawingIsDeterministicAndWellFormed() throws {
        let a = try Self.diagram("Examples/stacked/lenet-hybrid.arch"), b = try Self.diagram("Examples/stacked/lenet-hybrid.arch")
        #expect(a.svg() == b.svg())
        #expect(a.dot() == b.dot())
        #expect(ChartTests.isWellFormed(a.svg()))
    }

    /// The roll-up sums costs: at depth 1 ResNet-18's boxes are its statements, and their costs
    /// add up to the totals.
    @Test func depthRollsUpBlocksAndKeepsTheTotals() throws {
        let diagram = try Self.diagram("Examples/zoo/resnet18-cifar10.arch", depth: 1)
        guard case .regions(let items) = diagram.content else { Issue.record("no regions"); return }
        let titles = items.flatMap(\.boxes).map(\.title)
        #expect(titles == ["input", "conv 3x3", "bn", "relu", "basic1", "basic2", "down1", "basic3", "down2", "basic4",
                           "down3", "basic5", "gap", "flatten", "linear"])
        let macs = items.map { diagram.metric.value($0.cost) }.reduce(0, +)
        #expect(macs == diagram.total)
        #expect(items.flatMap(\.boxes).contains { $0.role == .block(layers: 7) })
    }

    /// A stacked layer of 32 units shows the first two, an ellipsis for 29, and the last, on
    /// their channel pieces; a hybrid layer of 4 + 4 units shows all eight.
    @Test func stackedLayersShowTheirUnits() throws {
        let stacked = try Self.diagram("Examples/stacked/resnet18-stacked-cifar10.arch").boxes
        #expect(stacked.filter { $0.role == .piece }.map(\.title) == ["bu1", "bu2", "bu32"])
        #expect(stacked.filter { $0.role == .piece }.map(\.detail) == ["ch 0–1", "ch 2–3", "ch 62–63"])
        #expect(stacked.contains { $0.role == .ellipsis(hidden: 29) })
        let hybrid = try Self.diagram("Examples/stacked/lenet-hybrid.arch").boxes
        #expect(hybrid.filter { $0.role == .piece }.map(\.title) == ["ua1", "ua2", "ua3", "ua4", "ub1", "ub2", "ub3", "ub4"])
        // At the stack's own depth it is one box.
        let rolled = try Self.diagram("Examples/stacked/lenet-hybrid.arch", depth: 1).boxes
        #expect(!rolled.contains { $0.role == .piece })
        // One level deeper, each unit is one box.
        let units = try Self.diagram("Examples/stacked/lenet-hybrid.arch", depth: 2).boxes
        #expect(units.filter { $0.role == .block(layers: 3) }.map(\.title) == ["ua1", "ua2", "ua3", "ua4", "ub1", "ub2", "ub3", "ub4"])
    }

    /// A graph that is not series-parallel (an output read by two joins) falls back to rows, and
    /// its long edge goes round the boxes.
    @Test func graphsWithoutRegionsAreDrawnInRows() throws {
        var builder = GraphBuilder()
        let x = builder.input(.image(channels: 4, height: 8, width: 8))
        let a = try builder.add(.activation(.relu), x, path: ["a"])
        let b = try builder.add(.activation(.relu), x, path: ["b"])
        let c = try builder.add(.add, a, b, path: ["c"])
        let d = try builder.add(.add, c, a, path: ["d"])
        builder.output(d)
        let network = Network(name: "knot", graph: try builder.build())
        #expect(network.graph.regions == nil)
        let diagram = Diagram(network: network, analysis: try Analysis(network))
        guard case .layered(let boxes, let edges) = diagram.content else { Issue.record("not layered"); return }
        #expect(boxes.count == 5)
        #expect(edges.count == 6)
        let page = DiagramPage(diagram)
        #expect(Self.problems(page).isEmpty, "\(Self.problems(page))")
        #expect(page.body.edges.contains { $0.points.count == 4 }, "the edge from a to d takes a lane")
        #expect(ChartTests.isWellFormed(diagram.svg()))
        #expect(diagram.dot().contains("n1 -> n4;"))
    }

    /// ResNet-18 beside its stacked version: the stem and the head match, the second stage is
    /// the replaced block, and the comparison page is as clean as a single drawing.
    @Test func comparisonAlignsAlongTheDataPath() throws {
        let base = try Self.diagram("Examples/zoo/resnet18-cifar10.arch", depth: 1)
        let candidate = try Self.diagram("Examples/stacked/resnet18-stacked-cifar10.arch", depth: 1)
        let pair = DiagramComparison(baseline: base, candidate: candidate)
        let unchanged = pair.rows.filter { !$0.changed }
        #expect(unchanged.count == 9, "input, conv, bn, relu, two down blocks, gap, flatten, linear")
        let replaced = try #require(pair.rows.first { $0.changed })
        #expect(replaced.base == 4..<8 && replaced.candidate == 4..<6)
        #expect(pair.savings(replaced)[0] == "MACs 285.2M → 3.867M (−98.6%)")
        let page = pair.page()
        let problems = Self.problems(page.page, extraBoxes: page.savings.map(\.box) + page.headings.map(\.box))
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(!page.highlighted.isEmpty)
        #expect(ChartTests.isWellFormed(pair.svg()))
        #expect(pair.dot().contains("shape=note"))
    }

    @Test func dotEscapesLabels() {
        #expect(DiagramDOT.quote("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
    }
}

import Foundation
import Testing
@testable import TissueCLI

/// `tissue draw` and the HTML reports: golden SVG and DOT drawings of the examples the issue
/// names, the options, and self-contained pages (Tests/Browser/check_pages.py opens them in a
/// real browser).
@Suite("tissue draw and HTML reports")
struct DrawCommandTests {
    static let drawings: [(file: String, golden: String, extra: [String])] = [
        ("Examples/zoo/lenet5.arch", "draw-lenet5", []),
        ("Examples/stacked/lenet-hybrid.arch", "draw-lenet-hybrid", []),
        ("Examples/zoo/resnet18-cifar10.arch", "draw-resnet18-cifar10", []),
        ("Examples/stacked/resnet18-stacked-cifar10.arch", "draw-resnet18-stacked-cifar10", []),
        ("Examples/zoo/mobilenet_v2.arch", "draw-mobilenet_v2", []),
        ("Examples/zoo/resnet50.arch", "draw-resnet50", []),
        ("Examples/zoo/resnet50.arch", "draw-resnet50-depth2", ["--depth", "2"]),
    ]

    @Test("drawings match their golden SVG and DOT files", arguments: drawings.indices)
    func golden(_ index: Int) {
        let (file, golden, extra) = Self.drawings[index]
        for format in ["svg", "dot"] {
            let run = Run(["draw", file, "--format", format] + extra)
            #expect(run.status == 0)
            #expect(run.error.isEmpty)
            Golden.check(run.output, against: "\(golden).\(format)")
            #expect(run.output == Run(["draw", file, "--format", format] + extra).output, "same bytes twice")
        }
    }

    @Test func baselineBesideItsStackedVersion() {
        for format in ["svg", "dot"] {
            let run = Run("draw", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                          "--depth", "1", "--format", format)
            #expect(run.status == 0)
            Golden.check(run.output, against: "draw-resnet18-pair.\(format)")
        }
        // The README's CI example: the budgeted design beside its baseline.
        let ci = Run("draw", "Examples/ci/resnet18-cifar10-baseline.arch", "Examples/ci/resnet18-stacked-budget.arch",
                     "--depth", "1")
        #expect(ci.status == 0)
        Golden.check(ci.output, against: "draw-ci-pair.svg")
    }

    @Test func outputGoesToTheFileGiven() throws {
        let run = RunWithFiles("draw", "Examples/zoo/lenet5.arch", "-o", "out/lenet5.svg", "--color", "params")
        #expect(run.status == 0)
        #expect(run.output.isEmpty)
        let svg = try #require(run.files["out/lenet5.svg"])
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.contains("share of params:"))
        let dot = RunWithFiles("draw", "Examples/zoo/lenet5.arch", "-o", "out/lenet5.dot")
        #expect(dot.files["out/lenet5.dot"]?.hasPrefix("digraph \"lenet5\" {") == true, "an OUT ending in .dot implies dot")
    }

    @Test("usage errors exit 2 and say what to do", arguments: [
        (["--depth", "0"], "'0' is not a valid value for '--depth': expected a positive number of path components"),
        (["--depth", "two"], "'two' is not a valid value for '--depth'"),
        (["--color", "energy"], "'energy' is not a valid value for '--color'"),
        (["--format", "png"], "'png' is not a valid value for '--format'"),
    ])
    func usageErrors(_ extra: [String], _ message: String) {
        let run = Run(["draw", "Examples/zoo/lenet5.arch"] + extra)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(message), "\(run.error)")
    }

    /// What makes a page self-contained: no reference to anything outside it.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), sourceLocation: sourceLocation)
        for external in [" src=", "<link", "@import", "url(http", "href=\"http"] {
            #expect(!html.contains(external), "\(external)", sourceLocation: sourceLocation)
        }
    }

    @Test func analyzeWritesOneSelfContainedPage() {
        let run = Run("analyze", "Examples/stacked/lenet-hybrid.arch", "--format", "html")
        #expect(run.status == 0)
        #expect(run.error.isEmpty)
        Self.expectSelfContained(run.output)
        for part in ["id=\"diagram\"", "<svg ", "id=\"layer-table\" class=\"sortable\"", "id=\"layer-filter\"",
                     "<th scope=\"col\" class=\"num\">thop</th>", "Stacked layers", "Per-layer cost: lenet-hybrid",
                     "<tr data-path=\"stack\">", "data-value=\"1496\""] {
            #expect(run.output.contains(part), "\(part)")
        }
        #expect(run.output == Run("analyze", "Examples/stacked/lenet-hybrid.arch", "--format", "html").output)
    }

    @Test func compareAndTableWriteSelfContainedPages() {
        let compare = Run("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                          "--acc", "resnet18-cifar10=95.29", "--format", "html")
        #expect(compare.status == 0)
        Self.expectSelfContained(compare.output)
        for part in ["id=\"comparison-table\"", "resnet18-cifar10 vs resnet18-stacked", "Accuracy vs FLOPs", "CE vs SE",
                     "Per-layer cost: resnet18-cifar10 vs resnet18-stacked", "pair1-arrow"] {
            #expect(compare.output.contains(part), "\(part)")
        }
        let table = Run("table", "Examples/paper/tables/table2.table", "--format", "html")
        #expect(table.status == 0, "\(table.error)")
        Self.expectSelfContained(table.output)
        #expect(table.output.contains("id=\"comparison-table\""))
    }
}

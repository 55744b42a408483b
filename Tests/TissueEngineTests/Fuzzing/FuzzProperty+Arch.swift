import TissueArch
import TissueDiagnostics
import TissueIR
import TissueReports

extension FuzzProperty {
    /// `arch`: bytes → UTF-8 text → ``ArchReader/read(_:defaultName:limits:)`` → ``Analysis`` under
    /// all four conventions → an `analyze` report → ``ArchPrinter`` → read back. A rejected
    /// input must give a diagnostic inside the source; an accepted one must analyse (or report an
    /// overflow), count the same parameters under every convention, render every report, and print
    /// to text that reads back to the same layers, shapes and totals (see ``roundTrip``).
    public static func arch(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let source = text(bytes) else { return }
        stage("read")
        let network: Network
        do { network = try ArchReader.read(source, defaultName: "fuzz", limits: limits) } catch {
            try checkDiagnostic(error, source: source, harness: "arch", stage: "read")
            return
        }
        // The reports are the costliest part of a run: each input renders one, under a convention,
        // at a detail and in a format all chosen by the input, so the corpus covers every one.
        let hash = bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
        let reportConvention = Convention.allCases[hash % Convention.allCases.count]
        let detail = AnalysisReport.Detail.allCases[(hash / 4) % AnalysisReport.Detail.allCases.count]
        var params: Set<Int> = []
        for convention in Convention.allCases {
            stage("analysis (\(convention))")
            let analysis: Analysis
            do { analysis = try Analysis(network, convention: convention) } catch {
                try checkDiagnostic(Diagnostic(error), source: source, harness: "arch", stage: "analysis (\(convention))")
                continue
            }
            params.insert(analysis.totals.params)
            if analysis.totals.flops < analysis.totals.macs {
                throw FuzzFailure("arch", "FLOPs are at least the MACs", "\(convention): \(analysis.totals)")
            }
            guard convention == reportConvention else { continue }
            stage("analyze report (\(convention), \(detail))")
            do {
                let report = try AnalysisReport(analysis, detail: detail)
                switch (hash / 12) % 4 {
                case 0: _ = report.text()
                case 1: _ = report.markdown()
                case 2: _ = report.csv()
                default: _ = report.json().rendered()
                }
            } catch {
                try checkDiagnostic(Diagnostic(error), source: source, harness: "arch", stage: "report (\(convention))")
            }
        }
        if params.count > 1 {
            throw FuzzFailure("arch", "parameters do not depend on the convention", "\(params.sorted())")
        }
        try roundTrip(network, harness: "arch", what: "the input network")
    }
}

import Foundation
import Testing

/// Golden files for rendered output under Tests/Fixtures/golden/. A mismatch is reported as a
/// line diff. Set `TISSUE_UPDATE_GOLDEN=1` to rewrite them after an intended change, then review
/// the diff in git: the numbers in them are checked independently by the oracle tests.
enum Golden {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = root.appendingPathComponent("Tests/Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["TISSUE_UPDATE_GOLDEN"] == "1" {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with TISSUE_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if let diff = lineDiff(expected: expected, actual: actual) {
            Issue.record("output differs from \(name):\n\(diff)", sourceLocation: sourceLocation)
        }
    }

    /// The first differing lines with a little context, or nil when equal.
    static func lineDiff(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var shown = 0
        for i in 0..<max(e.count, a.count) where shown < 12 {
            let el = i < e.count ? String(e[i]) : nil
            let al = i < a.count ? String(a[i]) : nil
            guard el != al else { continue }
            if let el { out.append("-\(i + 1): \(el)") }
            if let al { out.append("+\(i + 1): \(al)") }
            shown += 1
        }
        return out.joined(separator: "\n")
    }
}

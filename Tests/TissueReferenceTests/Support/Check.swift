import Testing
import TissueIR
@testable import TissueReference

/// Test data and comparisons.
enum Check {
    /// The fixture's pattern: `(((i·7919 + salt·104729) mod 257) − 128) / 64`, exact in float32.
    static func pattern(_ count: Int, salt: Int) -> [Float] {
        (0..<count).map { Float((($0 * 7919 + salt * 104729) % 257) - 128) / 64 }
    }

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = Xoshiro256(seed: seed)
        return generator.uniformArray(count: count, in: -1...1)
    }

    /// Every value within `tolerance · max(1, max|expected|)` of the expected one.
    static func close(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5,
                      _ comment: Comment? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard actual.count == expected.count else {
            Issue.record("\(comment.map { "\($0): " } ?? "")\(actual.count) values, expected \(expected.count)",
                         sourceLocation: sourceLocation)
            return
        }
        let scale = max(1, expected.map(abs).max() ?? 0)
        var worst = 0.0, at = 0
        for i in 0..<actual.count {
            var difference = abs(Double(actual[i]) - expected[i])
            if difference.isNaN { difference = .infinity }
            if difference > worst { (worst, at) = (difference, i) }
        }
        #expect(worst <= tolerance * scale,
                "\(comment.map { "\($0): " } ?? "")max difference \(worst) at \(at) (\(actual[at]) vs \(expected[at]))",
                sourceLocation: sourceLocation)
    }

    /// Contexts every kernel test runs under: one and two workers, automatic kernel choice. Made
    /// afresh for each use: a context's scratch buffer serves one kernel at a time.
    static var contexts: [KernelContext] { [KernelContext(workers: .single), KernelContext(workers: Workers(count: 2))] }
}

import TissueMetrics

extension ComparisonTable {
    /// What is misleading about the candidate rows (the user's own models): each one larger
    /// than its baseline, or unable to break even with the target CE or SE below 100% accuracy.
    public var caveats: [Caveat] {
        let targets = (ce: targetScore(.flops).score.value, se: targetScore(.params).score.value)
        var caveats: [Caveat] = []
        for (group, row) in allRows where row.role == .candidate {
            guard let comparison = comparison(row, in: group) else { continue }
            for caveat in comparison.caveats(model: row.label, targets: targets, targetName: targetName)
            where !caveats.contains(caveat) {
                caveats.append(caveat)
            }
        }
        return caveats
    }
}

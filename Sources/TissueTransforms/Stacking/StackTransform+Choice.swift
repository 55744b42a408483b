import TissueDiagnostics
import TissueIR

/// Which candidates a transform stacks: `--replace` modes, stages, and what an error for a path
/// without a candidate says.
extension StackTransform {
    /// The kinds the rule stacks, for the errors that list them.
    public static var kindList: [String] { Candidate.Kind.allCases.map(\.pattern) }

    /// The candidates the `replace` mode chooses; `graph` (when given) lets an error for a path
    /// without a candidate say what is there.
    public func chosen(from candidates: [Candidate], in graph: Graph? = nil) throws(Diagnostic) -> [Candidate] {
        switch replace {
        case .all:
            return candidates
        case .inner:
            let stages = Self.stages(of: candidates)
            return stages.count > 2 ? stages.dropFirst().dropLast().joined().map { candidates[$0] } : []
        case .paths(let paths):
            var result: [Candidate] = []
            for wanted in paths {
                let matches = candidates.filter {
                    $0.path.description == wanted || $0.path.description.hasPrefix(wanted + "/")
                }
                guard !matches.isEmpty else {
                    // Suggest among the candidates, and the blocks and layers of the graph when it is given.
                    let names = candidates.flatMap { [$0.path.description, $0.path.components.first ?? ""] }
                        + (graph?.nodes.flatMap { [$0.path.description, $0.path.components.first ?? ""] } ?? [])
                    throw Diagnostic(.unknownBlockPath(wanted, found: graph.flatMap { Self.contents(at: wanted, in: $0) },
                                                       kinds: Self.kindList,
                                                       suggestion: Suggestion.closest(to: wanted, among: names)), at: nil)
                }
                result += matches.filter { m in !result.contains { $0.nodes == m.nodes } }
            }
            return candidates.filter { c in result.contains { $0.nodes == c.nodes } }
        }
    }

    /// What the graph holds at `path` (or under it): `one layer, 'conv 3x3'`, or `3 layers conv-bn-relu`.
    static func contents(at path: String, in graph: Graph) -> String? {
        let nodes = graph.nodes.filter { node in
            if case .input = node.kind { return false }
            return node.path.description == path || node.path.description.hasPrefix(path + "/")
        }
        func width(_ node: Node) -> Int { node.inputs.first.map { graph[$0].outputShape.channels } ?? 0 }
        let names = nodes.map { $0.kind.name(inChannels: width($0)) }
        guard let first = nodes.first else { return nil }
        if nodes.count == 1 { return "one layer, '\(first.kind.summary(inChannels: width(first)))'" }
        let shown = names.prefix(12).joined(separator: "-") + (names.count > 12 ? "-…" : "")
        return "\(names.count) layers \(shown)"
    }

    /// Candidates grouped into stages, runs of equal output width (indices into `candidates`):
    /// what `--replace inner` drops the first and last of, what `--hidden-per-stage` gives one
    /// width each, and what a per-stage sweep chooses for.
    public static func stages(of candidates: [Candidate]) -> [[Int]] {
        var stages: [[Int]] = []
        for (index, candidate) in candidates.enumerated() {
            if let last = stages.last?.last, candidates[last].outputWidth == candidate.outputWidth {
                stages[stages.count - 1].append(index)
            } else {
                stages.append([index])
            }
        }
        return stages
    }

    /// Each stage as `128ch×2`: its output width and number of candidates.
    public static func stageNames(_ candidates: [Candidate]) -> [String] {
        stages(of: candidates).map { stage in
            "\(stage.first.map { candidates[$0].outputWidth } ?? 0)ch×\(stage.count)"
        }
    }
}

extension StackTransform.Replace: CustomStringConvertible {
    public var description: String {
        switch self {
        case .all: "all"
        case .inner: "inner"
        case .paths(let paths): paths.joined(separator: ",")
        }
    }
}

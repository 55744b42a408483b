import TissueMetrics
import TissueNumerics

extension AnalysisReport {
    /// The generation figures as rows of (quantity, exact value, what it is).
    func generationRows(_ g: Generation) -> [(String, Int, String)] {
        var rows: [(String, Int, String)] = []
        if let position = g.position, let macs = g.tokenMACs {
            rows.append(("token MACs", macs, "one token at position \(position) with a KV cache (standard MACs)"))
        }
        rows.append(("KV cache elements", g.cacheElements,
                     "2 × \(g.attentionLayers) attention layers × context \(g.context) × width × batch \(g.batch)"))
        rows.append(("KV cache bytes", g.cacheBytes, "at \(g.precision) (\(g.precision.bytesPerElement) bytes per element)"))
        return rows
    }

    func generationTable(_ g: Generation, exact: Bool) -> Table {
        let number = NumberFormat.count(exact: exact)
        return Table(columns: [.init("generation"), .init("value", .right), .init("exact", .right), .init("what")],
                     rows: generationRows(g).map { [$0.0, number($0.1), String($0.1), $0.2] })
    }

    func generationJSON(_ g: Generation) -> JSONValue {
        .object([
            ("position", g.position.map(JSONValue.integer) ?? .null),
            ("token_macs", g.tokenMACs.map(JSONValue.integer) ?? .null),
            ("context", .integer(g.context)),
            ("batch", .integer(g.batch)),
            ("dtype", .string(g.precision.description)),
            ("attention_layers", .integer(g.attentionLayers)),
            ("kv_cache_elements", .integer(g.cacheElements)),
            ("kv_cache_bytes", .integer(g.cacheBytes)),
        ])
    }
}

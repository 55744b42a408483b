import TissueMetrics
import TissueNumerics

extension AnalysisReport {
    /// The generation figures as rows of (quantity, value as shown, exact value, what it is).
    func generationRows(_ g: Generation, exact: Bool) -> [[String]] {
        let number = NumberFormat.count(exact: exact)
        let size = byteText(exact: exact)
        var rows: [[String]] = []
        if let position = g.position, let macs = g.tokenMACs {
            rows.append(["token MACs", number(macs), String(macs), "one token at position \(position) with a KV cache (standard MACs)"])
        }
        rows.append(["KV cache elements", number(g.cacheElements), String(g.cacheElements),
                     "2 × \(g.attentionLayers) attention layers × context \(g.context) × width × batch \(g.batch)"])
        rows.append(["KV cache bytes", size(g.cacheBytes), String(g.cacheBytes),
                     "at \(dataType ?? g.precision.description) (\(g.precision.bytesPerElement) bytes per element)"])
        return rows
    }

    func generationTable(_ g: Generation, exact: Bool) -> Table {
        Table(columns: [.init("generation"), .init("value", .right), .init("exact", .right), .init("what")],
              rows: generationRows(g, exact: exact))
    }

    func generationJSON(_ g: Generation) -> JSONValue {
        .object([
            ("position", g.position.map(JSONValue.integer) ?? .null),
            ("token_macs", g.tokenMACs.map(JSONValue.integer) ?? .null),
            ("context", .integer(g.context)),
            ("batch", .integer(g.batch)),
            ("dtype", .string(dataType ?? g.precision.description)),
            ("attention_layers", .integer(g.attentionLayers)),
            ("kv_cache_elements", .integer(g.cacheElements)),
            ("kv_cache_bytes", .integer(g.cacheBytes)),
        ])
    }
}

extension DiagramLayouter {
    /// A graph without a series-parallel layout, in rows by longest path from the input: each
    /// box one row below its lowest predecessor, rows centred. An edge between neighbouring rows
    /// is a straight line through the gap between them; any other edge leaves into that gap,
    /// runs down a lane of its own right of every row, and enters the gap above its target, so
    /// no edge crosses a box here either.
    func layered(_ boxes: [DiagramBox], _ edges: [Diagram.Edge]) -> DiagramLayout {
        var incoming = [[Int]](repeating: [], count: boxes.count)
        for edge in edges where edge.from < edge.to { incoming[edge.to].append(edge.from) }
        var level = [Int](repeating: 0, count: boxes.count)
        for index in boxes.indices {
            level[index] = incoming[index].map { level[$0] + 1 }.max() ?? 0
        }
        let parts = boxes.map { box($0, compact: false) }
        let levels = (level.max() ?? -1) + 1
        var rows = [[Int]](repeating: [], count: levels)
        for index in boxes.indices { rows[level[index]].append(index) }
        let gap = DiagramStyle.branchGap
        let rowWidths = rows.map { row in row.map { parts[$0].width }.reduce(0, +) + gap * Double(max(0, row.count - 1)) }
        let width = rowWidths.max() ?? 0
        let rowHeight = DiagramStyle.normal.height, rowGap = 2 * DiagramStyle.rowGap

        var result = DiagramLayout()
        var frames = [ChartBox](repeating: ChartBox(x: 0, y: 0, width: 0, height: 0), count: boxes.count)
        for (r, row) in rows.enumerated() {
            var x = (width - rowWidths[r]) / 2
            let y = Double(r) * (rowHeight + rowGap)
            for index in row {
                result.add(parts[index], dx: x, dy: y)
                frames[index] = ChartBox(x: x, y: y, width: parts[index].width, height: rowHeight)
                x += parts[index].width + gap
            }
        }
        var lanes = 0
        for edge in edges {
            let from = frames[edge.from], to = frames[edge.to]
            let start = (from.x + from.width / 2, from.maxY), end = (to.x + to.width / 2, to.y)
            if level[edge.to] == level[edge.from] + 1 {
                result.edges.append(DiagramEdge([start, end], arrow: true))
            } else {
                lanes += 1
                let laneX = width + Double(lanes) * DiagramStyle.laneWidth
                result.edges.append(DiagramEdge([start, (laneX, from.maxY + rowGap / 2), (laneX, to.y - rowGap / 2), end],
                                                arrow: true))
            }
        }
        result.width = width + Double(lanes) * DiagramStyle.laneWidth + (lanes > 0 ? DiagramStyle.laneWidth : 0)
        result.height = levels > 0 ? Double(levels) * (rowHeight + rowGap) - rowGap : 0
        if let first = frames.first { result.entries = [.init(x: first.x + first.width / 2, arrow: true)] }
        result.exit = result.width / 2
        return result
    }
}

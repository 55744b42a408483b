/// A point of an edge, in SVG coordinates (y down).
struct DiagramPoint: Sendable, Equatable {
    var x: Double
    var y: Double
}

/// An edge drawn as a polyline; `arrow` puts an arrowhead at its end, where it meets a box.
struct DiagramEdge: Sendable, Equatable {
    var points: [DiagramPoint]
    var arrow: Bool

    init(_ points: [(Double, Double)], arrow: Bool) {
        self.points = points.map { DiagramPoint(x: $0.0, y: $0.1) }
        self.arrow = arrow
    }

    func moved(_ dx: Double, _ dy: Double) -> DiagramEdge {
        var edge = self
        edge.points = points.map { DiagramPoint(x: $0.x + dx, y: $0.y + dy) }
        return edge
    }
}

/// A box placed on the page with the two lines it shows, shortened to fit it.
struct PlacedBox: Sendable, Equatable {
    var box: DiagramBox
    var frame: ChartBox
    var compact: Bool
    var title: String
    var detail: String

    var metrics: DiagramStyle.BoxMetrics { compact ? DiagramStyle.compact : DiagramStyle.normal }

    /// The estimated extent of each line of text, centred in the box.
    var labelBoxes: [ChartBox] {
        let m = metrics
        let titleWidth = DiagramStyle.boldWidth(title, size: m.titleSize)
        let detailWidth = ChartStyle.textWidth(detail, size: m.detailSize)
        return [
            ChartBox(x: frame.x + (frame.width - titleWidth) / 2, y: frame.y + m.titleBaseline - m.titleSize,
                     width: titleWidth, height: m.titleSize * 1.2),
            ChartBox(x: frame.x + (frame.width - detailWidth) / 2, y: frame.y + m.detailBaseline - m.detailSize,
                     width: detailWidth, height: m.detailSize * 1.2),
        ]
    }
}

/// A drawing, or a part of one, laid out in its own coordinates: its boxes, edges and frames,
/// its size, where edges from above enter it and where the edge below leaves it.
struct DiagramLayout: Sendable {
    /// Where an edge from the item above ends: at a box (with an arrowhead) or at an identity lane.
    struct Entry: Sendable, Equatable {
        var x: Double
        var arrow: Bool
    }

    var width = 0.0
    var height = 0.0
    var entries: [Entry] = []
    /// The x of the edge that leaves the bottom: the axis the enclosing sequence aligns on.
    var exit = 0.0
    var boxes: [PlacedBox] = []
    var edges: [DiagramEdge] = []
    /// Frames around stacked layers.
    var frames: [ChartBox] = []

    mutating func add(_ part: DiagramLayout, dx: Double, dy: Double) {
        boxes += part.boxes.map { placed in
            var moved = placed
            moved.frame = ChartBox(x: placed.frame.x + dx, y: placed.frame.y + dy, width: placed.frame.width,
                                   height: placed.frame.height)
            return moved
        }
        edges += part.edges.map { $0.moved(dx, dy) }
        frames += part.frames.map { ChartBox(x: $0.x + dx, y: $0.y + dy, width: $0.width, height: $0.height) }
    }
}

/// Lays out a diagram. A series-parallel tree is laid out recursively, so no edge crosses a
/// box: a sequence stacks its items on one vertical axis with a gap between them, in which the
/// edges run; branches stand side by side below their fork, each in its own column, and meet at
/// their join below all of them; a stacked layer is its own box over its units side by side,
/// framed. Widths are the maximum (sequence) or the sum (branches) of the parts'. Deterministic.
struct DiagramLayouter {
    let diagram: Diagram

    func body() -> DiagramLayout {
        switch diagram.content {
        case .regions(let items): sequence(items, compact: false)
        case .layered(let boxes, let edges): layered(boxes, edges)
        }
    }

    func item(_ item: DiagramItem, compact: Bool) -> DiagramLayout {
        switch item {
        case .box(let box): self.box(box, compact: compact)
        case .parallel(let branches, let join): parallel(branches, join: join, compact: compact)
        case .stack(let head, let columns, let concat): stack(head: head, columns: columns, concat: concat)
        }
    }

    /// A box as wide as its longer line (at least the minimum width, at most the maximum).
    func box(_ box: DiagramBox, compact: Bool) -> DiagramLayout {
        let m = compact ? DiagramStyle.compact : DiagramStyle.normal
        let lines = diagram.lines(box)
        let room = DiagramStyle.maxBoxWidth - 2 * m.padding
        let title = Self.fitted(lines.title, width: room) { DiagramStyle.boldWidth($0, size: m.titleSize) }
        let detail = Self.fitted(lines.detail, width: room) { ChartStyle.textWidth($0, size: m.detailSize) }
        let text = max(DiagramStyle.boldWidth(title, size: m.titleSize), ChartStyle.textWidth(detail, size: m.detailSize))
        let width = max(m.minWidth, (text + 2 * m.padding).rounded(.up))
        var layout = DiagramLayout(width: width, height: m.height, entries: [.init(x: width / 2, arrow: true)],
                                   exit: width / 2)
        layout.boxes = [PlacedBox(box: box, frame: ChartBox(x: 0, y: 0, width: width, height: m.height), compact: compact,
                                  title: title, detail: detail)]
        return layout
    }

    /// `text`, cut with an ellipsis until `measure` says it fits `width`.
    static func fitted(_ text: String, width: Double, measure: (String) -> Double) -> String {
        guard measure(text) > width else { return text }
        var cut = text
        while !cut.isEmpty, measure(cut + "…") > width { cut.removeLast() }
        return cut + "…"
    }

    func sequence(_ items: [DiagramItem], compact: Bool) -> DiagramLayout {
        stacked(items.map { item($0, compact: compact) })
    }

    /// Parts one below the other, their exits on one axis; each part's entries are reached from
    /// the exit above, straight down or, for a fork, bent in the middle of the gap.
    func stacked(_ parts: [DiagramLayout]) -> DiagramLayout {
        var result = DiagramLayout()
        guard let left = parts.map(\.exit).max(), let right = parts.map({ $0.width - $0.exit }).max() else { return result }
        result.width = left + right
        result.exit = left
        var y = 0.0
        for (index, part) in parts.enumerated() {
            let dx = left - part.exit
            let entries = part.entries.map { DiagramLayout.Entry(x: $0.x + dx, arrow: $0.arrow) }
            if index == 0 {
                result.entries = entries
            } else {
                result.edges += Self.fork(from: left, top: y - DiagramStyle.rowGap, to: entries, bottom: y)
            }
            result.add(part, dx: dx, dy: y)
            y += part.height + DiagramStyle.rowGap
        }
        result.height = y - DiagramStyle.rowGap
        return result
    }

    /// Edges from an exit at (`x`, `top`) to entries at `bottom`, within the gap between them.
    static func fork(from x: Double, top: Double, to entries: [DiagramLayout.Entry], bottom: Double) -> [DiagramEdge] {
        let middle = (top + bottom) / 2
        return entries.map { entry in
            abs(entry.x - x) < 0.01
                ? DiagramEdge([(x, top), (x, bottom)], arrow: entry.arrow)
                : DiagramEdge([(x, top), (x, middle), (entry.x, middle), (entry.x, bottom)], arrow: entry.arrow)
        }
    }

    /// Branches side by side, top-aligned, then their join centred below: on the one branch that
    /// is not the identity, or between the outer branches. An empty branch is a lane: a line from
    /// the fork to the join. Each branch's end runs down its own column to the middle of the gap
    /// above the join, then across to the join's axis.
    func parallel(_ branches: [[DiagramItem]], join: DiagramBox, compact: Bool) -> DiagramLayout {
        let lane = DiagramLayout(width: DiagramStyle.laneWidth, height: 0,
                                 entries: [.init(x: DiagramStyle.laneWidth / 2, arrow: false)],
                                 exit: DiagramStyle.laneWidth / 2)
        let parts = branches.map { $0.isEmpty ? lane : sequence($0, compact: compact) }
        var offsets: [Double] = []
        var x = 0.0
        for part in parts {
            offsets.append(x)
            x += part.width + DiagramStyle.branchGap
        }
        let spread = max(0, x - DiagramStyle.branchGap)
        let exits = parts.indices.map { offsets[$0] + parts[$0].exit }
        let filled = branches.indices.filter { !branches[$0].isEmpty }
        let center = filled.count == 1 ? exits[filled[0]] : ((exits.first ?? 0) + (exits.last ?? 0)) / 2
        let joinPart = box(join, compact: compact)
        let shift = max(0, joinPart.width / 2 - center)
        let axis = center + shift
        let top = parts.map(\.height).max() ?? 0
        let bus = top + DiagramStyle.rowGap / 2, joinTop = top + DiagramStyle.rowGap

        var result = DiagramLayout()
        result.width = max(spread + shift, axis + joinPart.width / 2)
        for (index, part) in parts.enumerated() {
            let dx = offsets[index] + shift
            result.entries += part.entries.map { .init(x: $0.x + dx, arrow: $0.arrow) }
            result.add(part, dx: dx, dy: 0)
            let end = exits[index] + shift
            result.edges.append(abs(end - axis) < 0.01
                ? DiagramEdge([(end, part.height), (end, bus)], arrow: false)
                : DiagramEdge([(end, part.height), (end, bus), (axis, bus)], arrow: false))
        }
        result.edges.append(DiagramEdge([(axis, bus), (axis, joinTop)], arrow: true))
        result.add(joinPart, dx: axis - joinPart.width / 2, dy: joinTop)
        result.height = joinTop + joinPart.height
        result.exit = axis
        return result
    }

    /// The stacked layer's box, its units side by side (compact) joined by their concatenation,
    /// all in a frame.
    func stack(head: DiagramBox, columns: [[DiagramItem]], concat: DiagramBox) -> DiagramLayout {
        let inner = stacked([box(head, compact: false), parallel(columns, join: concat, compact: true)])
        let pad = DiagramStyle.framePadding
        var result = DiagramLayout(width: inner.width + 2 * pad, height: inner.height + 2 * pad,
                                   entries: inner.entries.map { .init(x: $0.x + pad, arrow: $0.arrow) },
                                   exit: inner.exit + pad)
        result.frames = [ChartBox(x: 0, y: 0, width: result.width, height: result.height)]
        result.add(inner, dx: pad, dy: pad)
        return result
    }
}

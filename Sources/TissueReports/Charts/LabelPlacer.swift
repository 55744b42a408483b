
/// Places point labels one by one so that they overlap neither each other, nor the markers,
/// nor the edge of the plot: for each label it tries eight positions around the point at
/// growing distances and takes the first free one (the least crowded one if none is free).
/// Labels placed far from their point get a leader line. Deterministic: same input, same places.
struct LabelPlacer {
    struct Placement {
        var x: Double
        var baseline: Double
        var anchor: String
        var box: ChartBox
        /// Draw a thin line from the point to the label.
        var leader: Bool
    }

    /// Labels must stay inside these bounds.
    var bounds: ChartBox
    /// Markers and other things labels must not cover.
    var obstacles: [ChartBox]
    var placed: [ChartBox] = []

    init(bounds: ChartBox, obstacles: [ChartBox]) {
        self.bounds = bounds
        self.obstacles = obstacles
    }

    /// East, west, north, south, then the diagonals: the order readers expect.
    private static let directions: [(dx: Double, dy: Double)] = [
        (1, 0), (-1, 0), (0, -1), (0, 1), (0.75, -0.75), (0.75, 0.75), (-0.75, -0.75), (-0.75, 0.75),
    ]

    mutating func place(_ text: String, x px: Double, y py: Double, size: Double, radius: Double) -> Placement {
        let width = ChartStyle.textWidth(text, size: size)
        let ascent = size * 0.8, descent = size * 0.25
        var best: (cost: Double, placement: Placement)?
        for (ring, distance) in [radius + 3, radius + 14, radius + 28, radius + 46, radius + 70].enumerated() {
            for direction in Self.directions {
                let cx = px + direction.dx * distance, cy = py + direction.dy * distance
                let anchor: String, left: Double, baseline: Double
                if direction.dx > 0 {
                    anchor = "start"; left = cx
                } else if direction.dx < 0 {
                    anchor = "end"; left = cx - width
                } else {
                    anchor = "middle"; left = cx - width / 2
                }
                if direction.dy < 0 {
                    baseline = cy - descent
                } else if direction.dy > 0 {
                    baseline = cy + ascent
                } else {
                    baseline = cy + (ascent - descent) / 2
                }
                let box = ChartBox(x: left - 1, y: baseline - ascent - 1, width: width + 2, height: ascent + descent + 2)
                let placement = Placement(x: anchor == "start" ? left : anchor == "end" ? left + width : cx,
                                          baseline: baseline, anchor: anchor, box: box, leader: ring >= 1)
                let clash = self.cost(box) + ambiguity(box, x: px, y: py)
                let cost = clash + Double(ring) * 0.5
                if clash < 0.5 {  // not 0: box arithmetic leaves rounding dust
                    placed.append(box)
                    return placement
                }
                if best == nil || cost < (best?.cost ?? .infinity) { best = (cost, placement) }
            }
        }
        // No free place: take the least crowded one, and tie it to its point with a line.
        best?.placement.leader = true
        let chosen = best?.placement ?? Placement(x: px, baseline: py, anchor: "start",
                                                  box: ChartBox(x: px, y: py, width: width, height: size), leader: false)
        placed.append(chosen.box)
        return chosen
    }

    /// A label nearer to another marker than to its own point would be read as that marker's:
    /// penalise by how much nearer.
    private func ambiguity(_ box: ChartBox, x px: Double, y py: Double) -> Double {
        func distance(_ x: Double, _ y: Double) -> Double {
            let dx = max(box.x - x, 0, x - box.maxX), dy = max(box.y - y, 0, y - box.maxY)
            return (dx * dx + dy * dy).squareRoot()
        }
        let own = distance(px, py)
        var penalty = 0.0
        for marker in obstacles {
            let cx = marker.x + marker.width / 2, cy = marker.y + marker.height / 2
            guard abs(cx - px) > 0.01 || abs(cy - py) > 0.01 else { continue }
            let other = distance(cx, cy)
            if other < own + 3 { penalty += (own + 3 - other) * 20 }
        }
        return penalty
    }

    /// Overlap with what is already there; leaving the bounds costs most.
    private func cost(_ box: ChartBox) -> Double {
        var total = box.outside(bounds) * 20
        for other in placed { total += box.overlap(other) * 10 }
        for other in obstacles { total += box.overlap(other) * 4 }
        return total
    }
}

/// The Pareto front of points minimising two quantities: a point is on the front when no other
/// point is at most as large in both and smaller in one. O(n log n): sort by the first quantity,
/// keep each point that lowers the best second quantity seen so far.
public enum ParetoFront {
    /// Indices of the front, in increasing order of `first`. Ties keep the earliest index.
    public static func indices(_ count: Int, first: (Int) -> Int, second: (Int) -> Int) -> [Int] {
        let order = (0..<count).sorted { (first($0), second($0), $0) < (first($1), second($1), $1) }
        var front: [Int] = []
        var best = Int.max
        for index in order where second(index) < best {
            front.append(index)
            best = second(index)
        }
        return front
    }
}

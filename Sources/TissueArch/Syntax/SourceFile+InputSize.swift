extension SourceFile {
    /// The same description with its input's height and width replaced, for running an
    /// ImageNet-size model at a smaller resolution: expanding it again re-infers every shape at
    /// the new size. Nil when the file declares no image input (`C×H×W`).
    public func withInputSize(height: Int, width: Int) -> SourceFile? {
        guard var input, input.dimensions.count == 3 else { return nil }
        input.dimensions[1] = height
        input.dimensions[2] = width
        var copy = self
        copy.input = input
        return copy
    }

    /// The same description with another input: `[C, H, W]` replaces any input, `[H, W]` the
    /// height and width of an image input, `[N]` both sides of an image input (N×N) or the
    /// length of a vector input. Nil when the file declares no input of a kind that fits.
    public func withInput(_ dimensions: [Int]) -> SourceFile? {
        guard var input else { return nil }
        switch (dimensions.count, input.dimensions.count) {
        case (3, _): input.dimensions = dimensions
        case (2, 3): input.dimensions = [input.dimensions[0]] + dimensions
        case (1, 3): input.dimensions = [input.dimensions[0], dimensions[0], dimensions[0]]
        case (1, 1): input.dimensions = dimensions
        default: return nil
        }
        var copy = self
        copy.input = input
        return copy
    }
}

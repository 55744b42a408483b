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
}

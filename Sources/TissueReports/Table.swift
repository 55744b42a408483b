import TissueMetrics

/// A rendering-neutral table: typed columns, rows of cells, and footer rows (totals).
/// One table model, several renderers (text, Markdown, CSV); JSON has its own schema.
public struct Table: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public enum Alignment: Sendable { case left, right }
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    public var footer: [[String]]

    public init(columns: [Column], rows: [[String]] = [], footer: [[String]] = []) {
        self.columns = columns
        self.rows = rows
        self.footer = footer
    }
}

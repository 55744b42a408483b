/// The axis a concatenation joins its inputs along.
public enum ConcatAxis: Sendable, Hashable {
    /// The feature axis: channels of maps and vectors, the width of tokens. Every other axis
    /// must agree; the features add up.
    case channels
    /// The token axis of `N×D` sequences (prepending learned or generated tokens, joining two
    /// sequences): the widths must agree; the token counts add up.
    case tokens
}

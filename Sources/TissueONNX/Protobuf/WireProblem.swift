/// What is wrong with the bytes at an offset. The sentence is made in ``ONNXError``.
public enum WireProblem: Sendable, Equatable {
    /// The message ends inside a varint.
    case truncatedVarint
    /// A varint longer than 10 bytes, or one that does not fit in 64 bits.
    case varintTooLong
    /// A key whose low 3 bits are 6 or 7.
    case invalidWireType(Int)
    /// A key whose field number is 0 or above 2²⁹ − 1.
    case invalidFieldNumber(UInt64)
    /// A length prefix larger than the rest of the enclosing message.
    case lengthBeyondEnd(declared: UInt64, available: Int)
    /// A fixed-size value cut off by the end of the enclosing message.
    case unexpectedEnd(needed: Int, available: Int)
    /// A known field written with another wire type than its declaration's.
    case wrongWireType(found: WireType, expected: String)
    /// A packed array of fixed-size values whose byte length is not a multiple of their size.
    case packedSizeNotMultiple(of: Int)
    /// A string field that is not UTF-8.
    case invalidUTF8
    /// Deprecated protobuf groups, which no ONNX field uses.
    case groupsUnsupported
    /// A value outside the range its field allows (a negative dimension, an unknown enum).
    case invalidValue(String)
}

/// A ``WireProblem`` at a byte offset, with the fields being read from the outermost message
/// in: `ModelProto.graph`, `GraphProto.node[12]`, `NodeProto.attribute[2]`. Parsers add their
/// frame on the way out, so a successful parse pays nothing for the path.
struct WireFailure: Error {
    let offset: Int
    let problem: WireProblem
    var path: [String] = []

    init(offset: Int, problem: WireProblem) {
        self.offset = offset
        self.problem = problem
    }

    /// The same failure, inside the given field (`GraphProto.node[12]`).
    func inside(_ frame: String) -> WireFailure {
        var copy = self
        copy.path.insert(frame, at: 0)
        return copy
    }
}

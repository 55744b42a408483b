/// A reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/) over
/// bytes it does not own. Every varint is at most 10 bytes, every length is checked against what
/// is left of the enclosing message before anything is read, and nothing is allocated from a
/// declared size, so truncated or hostile input ends in a ``WireProblem`` at a byte offset.
///
/// The reader never recurses: a parser asks for a field's bytes (``lengthDelimited()``) and reads
/// a sub-message with a reader of its own over exactly that range.
struct WireReader {
    /// The whole file: offsets in errors are positions in it.
    let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var offset: Int
    /// One past the last byte of the message being read.
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    /// A reader over a sub-message's bytes, as ``lengthDelimited()`` returned them.
    func message(_ range: Range<Int>) -> WireReader { WireReader(bytes, range: range) }

    var isAtEnd: Bool { offset >= end }

    /// The next field's key, or nil at the end of the message.
    mutating func nextField() throws(WireFailure) -> FieldKey? {
        guard offset < end else { return nil }
        let start = offset
        let key = try varint()
        guard let wire = WireType(rawValue: UInt8(key & 7)) else {
            throw WireFailure(offset: start, problem: .invalidWireType(Int(key & 7)))
        }
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw WireFailure(offset: start, problem: .invalidFieldNumber(number))
        }
        return FieldKey(number: Int(number), wire: wire, offset: start)
    }

    /// A base-128 varint of at most 10 bytes.
    mutating func varint() throws(WireFailure) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw WireFailure(offset: start, problem: .truncatedVarint) }
            let byte = bytes[offset]
            offset += 1
            if shift == 63, byte > 1 { throw WireFailure(offset: start, problem: .varintTooLong) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift <= 63 else { throw WireFailure(offset: start, problem: .varintTooLong) }
        }
    }

    /// An `int64` or `int32` field: two's complement, so negative values are 10-byte varints.
    mutating func int64() throws(WireFailure) -> Int64 { Int64(bitPattern: try varint()) }

    /// 4 little-endian bytes (`float`, `fixed32`).
    mutating func fixed32() throws(WireFailure) -> UInt32 {
        let range = try take(4)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt32.self))
    }

    /// 8 little-endian bytes (`double`, `fixed64`).
    mutating func fixed64() throws(WireFailure) -> UInt64 {
        let range = try take(8)
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self))
    }

    /// A length-delimited field's bytes (a string, bytes, a sub-message or a packed array), as a
    /// range of the file; the length is checked against the rest of the enclosing message.
    mutating func lengthDelimited() throws(WireFailure) -> Range<Int> {
        let start = offset
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw WireFailure(offset: start, problem: .lengthBeyondEnd(declared: length, available: end - offset))
        }
        return try take(Int(length))
    }

    /// A UTF-8 string field.
    mutating func string() throws(WireFailure) -> String {
        let start = offset
        let range = try lengthDelimited()
        guard let base = bytes.baseAddress else { return "" }
        let utf8 = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + range.lowerBound, count: range.count)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw WireFailure(offset: start, problem: .invalidUTF8)
        }
        return text
    }

    /// Skips a field of the given wire type (an unknown field, or a payload read by size only).
    mutating func skip(_ wire: WireType) throws(WireFailure) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try take(8)
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32: _ = try take(4)
        case .startGroup, .endGroup: throw WireFailure(offset: offset, problem: .groupsUnsupported)
        }
    }

    /// Repeated `int64` values, packed (wire type 2) or one per key (wire type 0), appended.
    mutating func int64s(_ wire: WireType, into values: inout [Int64]) throws(WireFailure) {
        switch wire {
        case .varint:
            values.append(try int64())
        case .lengthDelimited:
            var packed = message(try lengthDelimited())
            while !packed.isAtEnd { values.append(try packed.int64()) }
        case .fixed64, .fixed32, .startGroup, .endGroup:
            throw WireFailure(offset: offset, problem: .wrongWireType(found: wire, expected: "varint or packed"))
        }
    }

    /// Repeated `float` values, packed (wire type 2) or one per key (wire type 5), appended.
    mutating func floats(_ wire: WireType, into values: inout [Float]) throws(WireFailure) {
        switch wire {
        case .fixed32:
            values.append(Float(bitPattern: try fixed32()))
        case .lengthDelimited:
            var packed = message(try lengthDelimited())
            guard (packed.end - packed.offset) % 4 == 0 else {
                throw WireFailure(offset: packed.offset, problem: .packedSizeNotMultiple(of: 4))
            }
            while !packed.isAtEnd { values.append(Float(bitPattern: try packed.fixed32())) }
        case .varint, .fixed64, .startGroup, .endGroup:
            throw WireFailure(offset: offset, problem: .wrongWireType(found: wire, expected: "32-bit or packed"))
        }
    }

    /// Checks that a known field has the wire type its declaration gives.
    func expect(_ key: FieldKey, _ wire: WireType) throws(WireFailure) {
        guard key.wire == wire else {
            throw WireFailure(offset: key.offset, problem: .wrongWireType(found: key.wire, expected: wire.name))
        }
    }

    private mutating func take(_ count: Int) throws(WireFailure) -> Range<Int> {
        guard count <= end - offset else {
            throw WireFailure(offset: offset, problem: .unexpectedEnd(needed: count, available: end - offset))
        }
        defer { offset += count }
        return offset..<(offset + count)
    }
}

/// A field's key: its number and wire type, and where it starts.
struct FieldKey {
    let number: Int
    let wire: WireType
    let offset: Int
}

/// The wire types (the low 3 bits of a key). Groups are deprecated and never written by ONNX.
public enum WireType: UInt8, Sendable {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

    var name: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "64-bit"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "32-bit"
        }
    }
}

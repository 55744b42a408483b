/// A seeded, deterministic random generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
/// pseudorandom number generators", 2018), state seeded with SplitMix64 (Steele, Lea & Flood, 2014).
/// The same seed and stream name give the same bits on every run and platform: only integer
/// arithmetic and exact float conversions are used.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var mix = SplitMix64(state: seed)
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
    }

    /// An independent stream per name (e.g. a node path), so a layer's weights do not depend on
    /// the order in which layers are allocated. The name is hashed with 64-bit FNV-1a.
    public init(seed: UInt64, stream: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        self.init(seed: seed ^ hash)
    }

    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// Uniform in [0, 1): the top 24 bits scaled by 2⁻²⁴, exact in float32.
    public mutating func unit() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform in `range` (the upper bound is approached, not reached).
    public mutating func uniform(in range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    public mutating func uniformArray(count: Int, in range: ClosedRange<Float>) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = uniform(in: range) }
            initialized = count
        }
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64: expands one 64-bit seed into well-mixed state words.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

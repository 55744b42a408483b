import Testing
import TissueNumerics

/// The one formatter: counts with SI suffixes and sizes in bytes with SI or IEC prefixes.
@Suite("NumberFormat")
struct NumberFormatTests {
    @Test("counts", arguments: [(0, "0"), (999, "999"), (1000, "1.000k"), (61_706, "61.71k"), (11_173_962, "11.17M"),
                                (-1500, "-1.500k"), (999_950, "1.000M")])
    func counts(_ value: Int, _ text: String) {
        #expect(NumberFormat.si(value) == text)
    }

    @Test("bytes in powers of 1000 and of 1024", arguments: [
        (832, "832 B", "832 B"),
        (1000, "1.000 kB", "1000 B"),
        (1024, "1.024 kB", "1.000 KiB"),
        (246_824, "246.8 kB", "241.0 KiB"),
        (44_695_848, "44.70 MB", "42.63 MiB"),
        (1 << 30, "1.074 GB", "1.000 GiB"),
        (-2048, "-2.048 kB", "-2.000 KiB"),
    ])
    func bytes(_ value: Int, _ si: String, _ iec: String) {
        #expect(NumberFormat.bytes(value, .si) == si)
        #expect(NumberFormat.bytes(value, .iec) == iec)
    }

    @Test func extremesDoNotTrap() {
        #expect(NumberFormat.bytes(Int.max, .si).hasSuffix(" EB"))
        #expect(NumberFormat.bytes(Int.min, .iec).hasPrefix("-"))
    }
}

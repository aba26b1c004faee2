import Testing
import TraceLinkServer

/// Query values the fuzzer (Fuzz/, FuzzAPIQuery) found to trap: past what a UInt64 of nanoseconds holds.
@Suite struct QueryValuesRegressionTests {
    @Test(arguments: ["inf", "1e300ms", "99999999999999999999s", "18446744073709551616", "4444444444444444444m"])
    func durationsPastUInt64AreRefused(text: String) {
        #expect(QueryValues.durationNanos(text) == nil)
    }

    @Test(arguments: ["1e300", "568e56839600", "99999999999999999999", "9999-12-31T23:59:59Z"])
    func timesPastUInt64AreRefused(text: String) {
        #expect(QueryValues.timeUnixNano(text) == nil)
    }

    @Test func ordinaryValuesStillParse() {
        #expect(QueryValues.durationNanos("250ms") == 250_000_000)
        #expect(QueryValues.timeUnixNano("1700000000") == 1_700_000_000_000_000_000)
    }
}

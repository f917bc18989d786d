import Testing
@testable import EstimationAPI

@Suite("JSON reader")
struct JSONReaderTests {
    private func parse(_ text: String, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        try JSONReader.parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private func failure(_ text: String, maxDepth: Int = 64) -> JSONSyntaxError? {
        do {
            _ = try parse(text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func scalarsAndContainers() throws {
        #expect(try parse(" {\"a\": [1, -2, 3.5, true, false, null, \"x\"]} ") == .object([
            "a": .array([.integer(1), .integer(-2), .number(3.5), .bool(true), .bool(false), .null, .string("x")]),
        ]))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse("0") == .integer(0))
    }

    @Test func integersStayExactAndOverflowBecomesDouble() throws {
        #expect(try parse("9223372036854775807") == .integer(Int.max))
        #expect(try parse("-9223372036854775808") == .integer(Int.min))
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808.0))
        #expect(try parse("6738415616") == .integer(6_738_415_616))
        #expect(try parse("1e3") == .number(1000))
        #expect(try parse("1000.0") == .number(1000))
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("2.5E-3") == .number(0.0025))
        #expect(try parse("123456789012345678901234567890") == .number(1.2345678901234568e29))
    }

    @Test func numbersOutsideTheGrammarOrRangeAreRejected() {
        for text in ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "1.5.2", "--1"] {
            #expect(failure(text) != nil, "\(text) should be rejected")
        }
        #expect(failure("1e400")?.message.contains("out of range") == true)
        #expect(failure("-1e400")?.offset == 0)
    }

    @Test func stringEscapesAndSurrogates() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"é😀\"") == .string("é😀"))
        #expect(failure(#""\ud83d""#)?.message == "unpaired high surrogate")
        #expect(failure(#""\ud83dx""#)?.message == "unpaired high surrogate")
        #expect(failure(#""\ude00""#)?.message == "unpaired low surrogate")
        #expect(failure(#""\ud83d\u0041""#)?.message == "unpaired high surrogate")
        #expect(failure(#""\x""#) != nil)
        #expect(failure(#""\u12g4""#) != nil)
    }

    @Test func controlCharactersAndInvalidUTF8AreRejected() {
        #expect(failure("\"a\nb\"")?.offset == 2)
        #expect(failure("\"a\tb\"") != nil)
        let invalid: [UInt8] = [0x22, 0xC3, 0x28, 0x22]  // a truncated two-byte sequence
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(invalid) }
        let overlong: [UInt8] = [0x22, 0xC0, 0xAF, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(overlong) }
        let encodedSurrogate: [UInt8] = [0x22, 0xED, 0xA0, 0x80, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(encodedSurrogate) }
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF, 0x7B, 0x7D]
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(byteOrderMark) }
        #expect(failure("\"abc")?.message == "unterminated string")
    }

    @Test func duplicateKeysAreRejectedAtTheSecondKey() {
        let error = failure(#"{"a": 1, "a": 2}"#)
        #expect(error?.message == "duplicate key \"a\"")
        #expect(error?.offset == 9)
        // Keys equal after unescaping are duplicates too.
        #expect(failure(#"{"a": 1, "\u0061": 2}"#)?.message == "duplicate key \"a\"")
    }

    @Test func nestingIsLimited() throws {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(deep) != .null)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(tooDeep)?.message == "nesting deeper than 64 levels")
        #expect(failure(tooDeep)?.offset == 64)
        // Far deeper than the stack could take if the limit were missing.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(failure(hostile) != nil)
    }

    @Test func structuralErrorsCarryTheirOffset() {
        #expect(failure("")?.message == "expected a JSON value, found the end of the input")
        #expect(failure("{\"a\":1,}")?.offset == 7)
        #expect(failure("[1,]")?.offset == 3)
        #expect(failure("{\"a\" 1}")?.offset == 5)
        #expect(failure("[1] [2]")?.message == "unexpected data after the JSON value")
        #expect(failure("{'a':1}")?.offset == 1)
        #expect(failure("tru")?.offset == 0)
        #expect(failure("[1 2]")?.offset == 3)
        #expect(failure("// comment\n{}") != nil)
    }
}

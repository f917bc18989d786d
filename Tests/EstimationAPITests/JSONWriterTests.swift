import Testing
@testable import EstimationAPI

@Suite("JSON writer")
struct JSONWriterTests {
    private func text(_ build: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func keysStayInWrittenOrderWithCommasBetween() {
        let output = text { json in
            json.beginObject()
            json.field("b", 1)
            json.object("a") { json in
                json.field("x", true)
                json.key("list")
                json.beginArray()
                json.integer(1)
                json.beginObject()
                json.endObject()
                json.null()
                json.endArray()
            }
            json.field("c", "s")
            json.endObject()
        }
        #expect(output == #"{"b":1,"a":{"x":true,"list":[1,{},null]},"c":"s"}"#)
    }

    @Test func integersAreExact() {
        #expect(text { $0.integer(Int.max) } == "9223372036854775807")
        #expect(text { $0.integer(Int.min) } == "-9223372036854775808")
        #expect(text { $0.integer(0) } == "0")
        #expect(text { $0.integer(-42) } == "-42")
        #expect(text { $0.integer(6_738_415_616) } == "6738415616")
    }

    @Test func doublesAreShortestRoundTrip() throws {
        #expect(text { $0.number(0.1) } == "0.1")
        #expect(text { $0.number(1e-5) } == "1e-05")
        #expect(text { $0.number(3.14e23) } == "3.14e+23")
        // Integral values up to 2^53 print as integers: exact, and readable.
        #expect(text { $0.number(6_903_086_186_496) } == "6903086186496")
        #expect(text { $0.number(-2) } == "-2")
        #expect(text { $0.number(.infinity) } == "null")
        #expect(text { $0.number(.nan) } == "null")
        for value in [0.1, 1.0 / 3.0, 2.5e-300, 1.7976931348623157e308, 123456.789] {
            let written = text { $0.number(value) }
            #expect(try JSONReader.parse(Array(written.utf8)) == .number(value))
        }
    }

    @Test func stringsAreEscaped() throws {
        let original = "quote\" backslash\\ newline\n tab\t bell\u{7} del\u{7F} é 😀"
        let written = text { $0.string(original) }
        #expect(written == #""quote\" backslash\\ newline\n tab\t bell\u0007 del\u007f é 😀""#)
        #expect(try JSONReader.parse(Array(written.utf8)) == .string(original))
    }

    /// Strings are scanned a word (eight bytes) at a time: a byte to escape must be found wherever it
    /// sits in a word or the tail, and its neighbours (0x20, `!`, `#`, `[`, `]`, `~`, é) must not be.
    @Test func escapesAreFoundAtEveryPositionOfAWord() {
        let escapes: [(Character, String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{0}", #"\u0000"#), ("\u{1F}", #"\u001f"#),
            ("\u{7F}", #"\u007f"#),
        ]
        for (special, escaped) in escapes {
            for position in 0..<17 {
                var characters = Array(repeating: Character("a"), count: 17)
                characters[position] = special
                let expected = "\"" + String(repeating: "a", count: position) + escaped
                    + String(repeating: "a", count: 16 - position) + "\""
                #expect(text { $0.string(String(characters)) } == expected)
            }
        }
        let neighbours = String(repeating: " !#[]~é", count: 4)
        #expect(text { $0.string(neighbours) } == "\"" + neighbours + "\"")
    }

    @Test func parsedValuesRoundTripWithSortedKeys() throws {
        let input = #"{"z":[1,2.5,"x",null],"a":{"c":false,"b":-7}}"#
        let value = try JSONReader.parse(Array(input.utf8))
        let output = text { $0.value(value) }
        #expect(output == #"{"a":{"b":-7,"c":false},"z":[1,2.5,"x",null]}"#)
    }

    @Test func membersSpliceIntoAnOpenObject() {
        var fragment = JSONWriter()
        fragment.field("x", 1)
        fragment.field("y", 2)
        let output = text { json in
            json.beginObject()
            json.field("a", 0)
            json.members(fragment.bytes)
            json.field("z", 3)
            json.endObject()
        }
        #expect(output == #"{"a":0,"x":1,"y":2,"z":3}"#)
    }
}

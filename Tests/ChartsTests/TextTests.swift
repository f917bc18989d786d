import Testing
@testable import Charts

@Suite("Text: escaping and fitting")
struct TextTests {
    @Test func escapesMarkupAndReplacesWhatXMLForbids() {
        #expect(XMLText.escaped(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;")
        #expect(XMLText.escaped("a\u{0}b\u{1B}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(XMLText.escaped("line\nbreak\ttab\r") == "line break tab ")
        #expect(XMLText.escaped("µs ✓ 日本 😀") == "µs ✓ 日本 😀")
    }

    @Test func truncationKeepsWithinWidthAndEndsInEllipsis() {
        let text = "a rather long label for a bar that will not fit"
        let cut = TextMetrics.truncated(text, toWidth: 80, fontSize: 12)
        #expect(cut.hasSuffix("…"))
        #expect(TextMetrics.width(of: cut, fontSize: 12) <= 80)
        #expect(TextMetrics.truncated("short", toWidth: 80, fontSize: 12) == "short")
        #expect(TextMetrics.truncated("WWWW", toWidth: 1, fontSize: 12) == "W…")
        #expect(TextMetrics.truncated("👩‍👩‍👧‍👦👩‍👩‍👧‍👦", toWidth: 14, fontSize: 12) == "👩‍👩‍👧‍👦…")
    }

    @Test func wrappingBreaksAtSpacesIntoAtMostTheLinesAllowed() {
        let lines = TextMetrics.wrapped("one two three four five six seven eight nine ten", toWidth: 100, fontSize: 12, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[0] == "one two three")
        #expect(lines[1].hasSuffix("…"))
        #expect(lines.allSatisfy { TextMetrics.width(of: $0, fontSize: 12) <= 100 })
        #expect(TextMetrics.wrapped("fits", toWidth: 100, fontSize: 12, maxLines: 2) == ["fits"])
        #expect(TextMetrics.wrapped("", toWidth: 100, fontSize: 12, maxLines: 2).isEmpty)
    }

    @Test func capsCountCharactersAndBytes() {
        #expect(TextMetrics.capped(String(repeating: "x", count: 100), characters: 60).count == 60)
        #expect(TextMetrics.capped("short", characters: 60) == "short")
        let zalgo = "e" + String(repeating: "\u{301}", count: 1_000)
        #expect(zalgo.count == 1)
        #expect(TextMetrics.capped(zalgo + "x", characters: 60) == "e…")
        let emoji = TextMetrics.capped(String(repeating: "😀", count: 100), characters: 60)
        #expect(emoji.utf8.count <= 240 && emoji.hasSuffix("…"))
    }
}

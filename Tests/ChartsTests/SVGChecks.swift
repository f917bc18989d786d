import Testing

/// Checks every chart must pass whatever its input: well-formed XML, every coordinate a finite
/// number, path data made of move, line and close commands only, unique ids and resolvable references.
enum SVGChecks {
    private static let numericAttributes: Set<String> = [
        "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "stroke-width",
    ]

    @discardableResult
    static func valid(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> SVGDocument? {
        guard let document = SVGDocument(svg, sourceLocation: sourceLocation) else { return nil }
        var ids: Set<String> = []
        for element in document.elements {
            for (name, value) in element.attributes {
                if numericAttributes.contains(name) {
                    #expect(Double(value)?.isFinite == true, "\(element.name) \(name)=\(value)", sourceLocation: sourceLocation)
                }
                if name == "d" {
                    #expect(value.allSatisfy { "MLZ0123456789.- ".contains($0) } && value.first == "M", "d=\(value)", sourceLocation: sourceLocation)
                    let numbers = value.split { "MLZ ".contains($0) }
                    #expect(numbers.allSatisfy { Double($0)?.isFinite == true }, "d=\(value)", sourceLocation: sourceLocation)
                }
                if name == "transform" {
                    let numbers = value.split { "translate()rotate- ".contains($0) }
                    #expect(numbers.allSatisfy { Double($0)?.isFinite == true }, "transform=\(value)", sourceLocation: sourceLocation)
                }
                if name == "id" {
                    #expect(ids.insert(value).inserted, "duplicate id \(value)", sourceLocation: sourceLocation)
                }
            }
        }
        for element in document.elements {
            for (_, value) in element.attributes where value.hasPrefix("url(#") {
                let id = String(value.dropFirst(5).dropLast())
                #expect(ids.contains(id), "unresolved \(value)", sourceLocation: sourceLocation)
            }
        }
        for id in document.root?.attributes["aria-labelledby"]?.split(separator: " ") ?? [] {
            #expect(ids.contains(String(id)), sourceLocation: sourceLocation)
        }
        return document
    }

    /// The chart's notes (the muted lines at the bottom).
    static func notes(_ document: SVGDocument) -> [String] { document.texts(class: "note") }
}

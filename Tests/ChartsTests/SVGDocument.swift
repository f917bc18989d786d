import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A chart's SVG parsed by Foundation's XMLParser (libxml2): parsing fails on anything that is not
/// well-formed XML, and the elements are kept in document order for the tests to query.
struct SVGDocument {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Character data directly inside the element.
        var text: String
        /// Names of the enclosing elements, outermost first.
        var ancestors: [String]
        /// Classes of the enclosing `<g>` elements, outermost first.
        var groupClasses: [String] = []
    }

    private(set) var elements: [Element] = []

    /// Parses `svg`, recording an issue (and returning nil) when it is not well-formed.
    init?(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        let parsed = parser.parse()
        guard parsed, parser.parserError == nil, delegate.error == nil else {
            Issue.record("not well-formed XML: \(String(describing: parser.parserError ?? delegate.error))", sourceLocation: sourceLocation)
            return nil
        }
        elements = delegate.elements
    }

    var root: Element? { elements.first }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Texts of `<text>` elements with the class given.
    func texts(class name: String) -> [String] {
        all("text").filter { $0.attributes["class"] == name }.map(\.text)
    }

    /// Texts of `<text>` elements inside a group of the class given.
    func texts(inGroup group: String) -> [String] {
        elements.filter { $0.name == "text" && $0.groupClasses.contains(group) }.map(\.text)
    }

    /// Every `<title>` inside the drawing: the tooltips of marks.
    var tooltips: [String] { all("title").dropFirst().map(\.text) }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var error: Error?
        private var open: [(index: Int, groupClass: String?)] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let ancestors = open.map { elements[$0.index].name }
            var element = Element(name: name, attributes: attributes, text: "", ancestors: ancestors)
            element.groupClasses = open.compactMap(\.groupClass)
            elements.append(element)
            open.append((elements.count - 1, name == "g" ? attributes["class"] : nil))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let last = open.last else { return }
            elements[last.index].text += string
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            error = parseError
        }
    }
}

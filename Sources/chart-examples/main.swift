import Charts
import Foundation

// Writes the example charts into the directory given (docs/images by default), one SVG each.
// Scripts/render-chart-examples.sh runs this and renders a PNG for the README.
let directory = CommandLine.arguments.dropFirst().first ?? "docs/images"
do {
    for (file, chart) in try Examples.all() {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(file)
        try Data(chart.svg().utf8).write(to: url)
        print(url.path)
    }
} catch {
    FileHandle.standardError.write(Data("chart-examples: \(error)\n".utf8))
    exit(1)
}

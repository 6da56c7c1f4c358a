import Support

/// Small SVG charts drawn as text, for the self-contained report: no script, no external asset.
/// Coordinates are whole or one-decimal numbers so the same data gives the same bytes.
enum SVGChart {
    /// One bar or segment: a label, a value (nil: suppressed, drawn as a hatched placeholder).
    struct Bar {
        let label: String
        let value: Double?
        let text: String
    }

    static let palette = ["#1f4e79", "#2e86c1", "#f39c12", "#c0392b", "#7f8c8d", "#27ae60"]

    /// Horizontal bars scaled to the largest value.
    static func bars(_ bars: [Bar], title: String, color: String = palette[0]) -> String {
        let width = 720.0, labelWidth = 260.0, barHeight = 26.0
        let height = Double(bars.count) * barHeight + 30
        let top = bars.compactMap(\.value).max() ?? 1
        var svg = open(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 10 + Double(index) * barHeight
            svg += text(bar.label, x: labelWidth - 8, y: y + 17, anchor: "end")
            if let value = bar.value {
                let length = top > 0 ? (width - labelWidth - 90) * value / top : 0
                svg += "<rect x=\"\(labelWidth)\" y=\"\(n(y + 4))\" width=\"\(n(length))\" height=\"\(n(barHeight - 8))\" fill=\"\(color)\"/>"
                svg += text(bar.text, x: labelWidth + length + 6, y: y + 17)
            } else {
                svg += text(bar.text, x: labelWidth + 6, y: y + 17, cssClass: "suppressed")
            }
        }
        return svg + "</svg>"
    }

    /// One horizontal bar per row, split into coloured segments (shares adding up to 100).
    static func stacked(_ rows: [(label: String, segments: [Double?])], legend: [String], title: String) -> String {
        let width = 720.0, labelWidth = 200.0, barHeight = 24.0, plot = width - labelWidth - 20
        let height = Double(rows.count) * barHeight + 50
        var svg = open(width: width, height: height, title: title)
        for (index, row) in rows.enumerated() {
            let y = 10 + Double(index) * barHeight
            svg += text(row.label, x: labelWidth - 8, y: y + 16, anchor: "end")
            guard row.segments.allSatisfy({ $0 != nil }) else {
                svg += text("s", x: labelWidth + 6, y: y + 16, cssClass: "suppressed")
                continue
            }
            var x = labelWidth
            for (segment, share) in row.segments.enumerated() {
                let length = plot * (share ?? 0) / 100
                svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(length))\" height=\"\(n(barHeight - 6))\" fill=\"\(palette[segment % palette.count])\"><title>\(escape(legend[segment])): \(n(share ?? 0)) %</title></rect>"
                x += length
            }
        }
        svg += legendRow(legend, y: height - 18, x: labelWidth)
        return svg + "</svg>"
    }

    /// Boxes from the first to the third quartile with the median marked, on one shared scale.
    static func boxes(_ rows: [(label: String, quartiles: (Double, Double, Double)?)], unit: String, title: String) -> String {
        let width = 720.0, labelWidth = 260.0, rowHeight = 34.0, plot = width - labelWidth - 90
        let height = Double(rows.count) * rowHeight + 40
        let top = max(1, rows.compactMap { $0.quartiles?.2 }.max() ?? 1) * 1.1
        var svg = open(width: width, height: height, title: title)
        for (index, row) in rows.enumerated() {
            let y = 10 + Double(index) * rowHeight
            svg += text(row.label, x: labelWidth - 8, y: y + 20, anchor: "end")
            guard let (q1, median, q3) = row.quartiles else {
                svg += text("s", x: labelWidth + 6, y: y + 20, cssClass: "suppressed")
                continue
            }
            let x1 = labelWidth + plot * q1 / top, xm = labelWidth + plot * median / top, x3 = labelWidth + plot * q3 / top
            svg += "<rect x=\"\(n(x1))\" y=\"\(n(y + 5))\" width=\"\(n(x3 - x1))\" height=\"\(n(rowHeight - 12))\" fill=\"#aed6f1\" stroke=\"#1f4e79\"><title>Q1 \(n(q1)), \(n(median)), Q3 \(n(q3)) \(escape(unit))</title></rect>"
            svg += "<line x1=\"\(n(xm))\" y1=\"\(n(y + 5))\" x2=\"\(n(xm))\" y2=\"\(n(y + rowHeight - 7))\" stroke=\"#c0392b\" stroke-width=\"3\"/>"
        }
        svg += axis(from: labelWidth, length: plot, top: top, y: height - 24, unit: unit)
        return svg + "</svg>"
    }

    /// Lines of (x, y) points, y a percentage, x in months from 0.
    static func lines(_ series: [(label: String, points: [(Double, Double?)])], xMax: Double, xUnit: String, title: String) -> String {
        let width = 760.0, height = 320.0, left = 60.0, bottom = 270.0, plotWidth = 480.0, plotHeight = 240.0
        let dashes = ["", "8 4", "2 3", "12 3 2 3"]
        var svg = open(width: width, height: height, title: title)
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = bottom - plotHeight * Double(tick) / 100
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"#ddd\"/>"
            svg += text("\(tick) %", x: left - 6, y: y + 4, anchor: "end")
        }
        for tick in stride(from: 0, through: xMax, by: 12) {
            let x = left + plotWidth * tick / xMax
            svg += text("\(Int(tick)) \(xUnit)", x: x, y: bottom + 18, anchor: "middle")
        }
        for (index, line) in series.enumerated() {
            let color = palette[index % palette.count]
            let points = line.points.compactMap { point in point.1.map { (left + plotWidth * point.0 / xMax, bottom - plotHeight * $0 / 100) } }
            let dash = dashes[index % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[index % dashes.count])\""
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash) points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\"/>"
            for point in points { svg += "<circle cx=\"\(n(point.0))\" cy=\"\(n(point.1))\" r=\"4\" fill=\"\(color)\"/>" }
            svg += "<line x1=\"\(n(left + plotWidth + 14))\" y1=\"\(n(36 + Double(index) * 22))\" x2=\"\(n(left + plotWidth + 44))\" y2=\"\(n(36 + Double(index) * 22))\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash)/>"
            svg += text(line.label, x: left + plotWidth + 50, y: 40 + Double(index) * 22)
        }
        return svg + "</svg>"
    }

    /// Groups of bars side by side (one colour per series), values in percent.
    static func groupedBars(_ groups: [(label: String, values: [(Double, String)?])], legend: [String], title: String) -> String {
        let width = 900.0, labelWidth = 430.0, barHeight = 18.0, gap = 14.0, plot = width - labelWidth - 70
        let groupHeight = Double(legend.count) * barHeight + gap
        let height = Double(groups.count) * groupHeight + 40
        var svg = open(width: width, height: height, title: title)
        for (index, group) in groups.enumerated() {
            let y = 10 + Double(index) * groupHeight
            svg += text(group.label, x: labelWidth - 8, y: y + barHeight * Double(legend.count) / 2 + 4, anchor: "end")
            for (series, value) in group.values.enumerated() {
                let barY = y + Double(series) * barHeight
                guard let value else {
                    svg += text("s", x: labelWidth + 6, y: barY + 13, cssClass: "suppressed")
                    continue
                }
                let length = plot * value.0 / 100
                svg += "<rect x=\"\(labelWidth)\" y=\"\(n(barY + 1))\" width=\"\(n(length))\" height=\"\(n(barHeight - 2))\" fill=\"\(palette[series % palette.count])\"/>"
                svg += text(value.1, x: labelWidth + length + 5, y: barY + 13)
            }
        }
        svg += legendRow(legend, y: height - 18, x: labelWidth)
        return svg + "</svg>"
    }

    // MARK: Pieces

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
    }

    private static func legendRow(_ legend: [String], y: Double, x: Double) -> String {
        var svg = "", offset = x
        for (index, label) in legend.enumerated() {
            svg += "<rect x=\"\(n(offset))\" y=\"\(n(y - 10))\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>"
            svg += text(label, x: offset + 16, y: y)
            offset += 24 + Double(label.count) * 7
        }
        return svg
    }

    private static func axis(from x: Double, length: Double, top: Double, y: Double, unit: String) -> String {
        var svg = "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + length))\" y2=\"\(n(y))\" stroke=\"#555\"/>"
        let step = top > 60 ? 12.0 : top > 20 ? 6.0 : 1.0
        for tick in stride(from: 0, through: top, by: step) {
            let tx = x + length * tick / top
            svg += "<line x1=\"\(n(tx))\" y1=\"\(n(y))\" x2=\"\(n(tx))\" y2=\"\(n(y + 4))\" stroke=\"#555\"/>"
            svg += text("\(Int(tick))", x: tx, y: y + 16, anchor: "middle")
        }
        return svg + text(unit, x: x + length + 10, y: y + 16)
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", cssClass: String? = nil) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(cssClass.map { " class=\"\($0)\"" } ?? "")>\(escape(content))</text>"
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let text = Publication.decimal(value, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func escape(_ text: String) -> String { Printable.html(text) }
}

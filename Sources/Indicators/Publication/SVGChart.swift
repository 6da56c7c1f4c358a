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

    /// Okabe and Ito's colour-blind-safe palette (blue, orange, bluish green, vermillion, …); series
    /// also differ by dash and marker shape, so that colour is never the only cue.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]

    /// Average advance of a character at the charts' 12 px font, generous so that estimated
    /// label widths never fall short (legends and labels are laid out from them).
    static let characterWidth = 7.5

    /// Horizontal bars scaled to the largest value.
    static func bars(_ bars: [Bar], title: String, color: String = palette[0]) -> String {
        let width = 720.0, labelWidth = 260.0, barHeight = 26.0
        let height = Double(bars.count) * barHeight + 30
        let top = bars.compactMap(\.value).max() ?? 1
        var svg = open(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 10 + Double(index) * barHeight
            svg += text(fitted(bar.label, width: labelWidth - 12), x: labelWidth - 8, y: y + 17, anchor: "end")
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

    /// One horizontal bar per row, split into coloured segments (shares adding up to 100), each
    /// segment wide enough labelled with its share; a 0-100 % axis; the legend wraps.
    static func stacked(_ rows: [(label: String, segments: [Double?])], legend: [String], title: String) -> String {
        let width = 720.0, labelWidth = 220.0, barHeight = 24.0, plot = width - labelWidth - 30
        let legendBlock = legendRows(legend, x: labelWidth, width: width - labelWidth)
        let axisY = 10 + Double(rows.count) * barHeight + 6
        let height = axisY + 28 + legendBlock.height
        var svg = open(width: width, height: height, title: title)
        for (index, row) in rows.enumerated() {
            let y = 10 + Double(index) * barHeight
            svg += text(fitted(row.label, width: labelWidth - 12), x: labelWidth - 8, y: y + 16, anchor: "end")
            guard row.segments.allSatisfy({ $0 != nil }) else {
                svg += text("s", x: labelWidth + 6, y: y + 16, cssClass: "suppressed")
                continue
            }
            var x = labelWidth
            for (segment, share) in row.segments.enumerated() {
                let length = plot * (share ?? 0) / 100
                svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(length))\" height=\"\(n(barHeight - 6))\" fill=\"\(palette[segment % palette.count])\"><title>\(escape(legend[segment])): \(n(share ?? 0)) %</title></rect>"
                if length >= 44 {
                    svg += text("\(n((share ?? 0).rounded())) %", x: x + length / 2, y: y + 16, anchor: "middle", cssClass: "on-bar")
                }
                x += length
            }
        }
        svg += "<line x1=\"\(n(labelWidth))\" y1=\"\(n(axisY))\" x2=\"\(n(labelWidth + plot))\" y2=\"\(n(axisY))\" stroke=\"#555\"/>"
        for tick in stride(from: 0, through: 100, by: 25) {
            let tx = labelWidth + plot * Double(tick) / 100
            svg += "<line x1=\"\(n(tx))\" y1=\"\(n(axisY))\" x2=\"\(n(tx))\" y2=\"\(n(axisY + 4))\" stroke=\"#555\"/>"
            svg += text("\(tick) %", x: tx, y: axisY + 16, anchor: "middle")
        }
        svg += legendBlock.svg(axisY + 40)
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

    /// Lines of (x, y) points, y a percentage, x in months from 0. Series differ by colour, dash
    /// and marker shape, and are named at their last point as well as in the legend; a
    /// suppressed point (nil) is a gap in its line, never bridged.
    static func lines(_ series: [(label: String, points: [(Double, Double?)])], xMax: Double, xUnit: String, title: String,
                      yTitle: String = "", gapNote: String = "") -> String {
        let left = 64.0, plotWidth = 480.0, plotHeight = 240.0, top = 14.0
        let bottom = top + plotHeight
        let labelRoom = (series.map { Double($0.label.count) * characterWidth }.max() ?? 0) + 30
        let width = left + plotWidth + labelRoom + 10
        let legendBlock = legendRows(series.map(\.label), x: left, width: width - left, lines: true)
        let hasGap = series.contains { line in line.points.contains { $0.1 == nil } }
        let height = bottom + 44 + legendBlock.height + (hasGap && !gapNote.isEmpty ? 20 : 0)
        let dashes = ["", "8 4", "2 3", "12 3 2 3"]
        var svg = open(width: width, height: height, title: title)
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = bottom - plotHeight * Double(tick) / 100
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"#ddd\"/>"
            svg += text("\(tick) %", x: left - 6, y: y + 4, anchor: "end")
        }
        if !yTitle.isEmpty {
            svg += "<text x=\"14\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(n(top + plotHeight / 2)))\">\(escape(yTitle))</text>"
        }
        for tick in stride(from: 0, through: xMax, by: 6) {
            let x = left + plotWidth * tick / xMax
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(bottom))\" x2=\"\(n(x))\" y2=\"\(n(bottom + 4))\" stroke=\"#555\"/>"
            svg += text("\(Int(tick))", x: x, y: bottom + 18, anchor: "middle")
        }
        svg += text(xUnit, x: left + plotWidth / 2, y: bottom + 34, anchor: "middle")
        var ends: [(y: Double, label: String, color: String)] = []
        for (index, line) in series.enumerated() {
            let color = palette[index % palette.count]
            let dash = dashes[index % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[index % dashes.count])\""
            // Runs of published points, each its own polyline: a suppressed point leaves a gap.
            var runs: [[(Double, Double)]] = [[]]
            for point in line.points {
                guard let value = point.1 else { if !(runs.last?.isEmpty ?? true) { runs.append([]) }; continue }
                runs[runs.count - 1].append((left + plotWidth * point.0 / xMax, bottom - plotHeight * value / 100))
            }
            for run in runs where run.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash) points=\"\(run.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\"/>"
            }
            for point in runs.flatMap({ $0 }) { svg += marker(index, x: point.0, y: point.1, color: color) }
            if let last = runs.last(where: { !$0.isEmpty })?.last { ends.append((last.1, line.label, color)) }
        }
        // Direct labels at the lines' ends, pushed apart so that they never overlap.
        var placed: [Double] = []
        for end in ends.sorted(by: { $0.y < $1.y }) {
            let y = max(end.y + 4, (placed.last ?? -100) + 16)
            placed.append(y)
            svg += "<text class=\"line-label\" x=\"\(n(left + plotWidth + 12))\" y=\"\(n(y))\" fill=\"\(end.color)\">\(escape(end.label))</text>"
        }
        svg += legendBlock.svg(bottom + 56)
        if hasGap && !gapNote.isEmpty { svg += text(gapNote, x: left, y: height - 6, cssClass: "suppressed") }
        return svg + "</svg>"
    }

    /// A series' marker: circle, square, triangle or diamond.
    private static func marker(_ series: Int, x: Double, y: Double, color: String) -> String {
        switch series % 4 {
        case 0: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(color)\"/>"
        case 1: return "<rect x=\"\(n(x - 4))\" y=\"\(n(y - 4))\" width=\"8\" height=\"8\" fill=\"\(color)\"/>"
        case 2: return "<polygon points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y + 4)) \(n(x - 5)),\(n(y + 4))\" fill=\"\(color)\"/>"
        default: return "<polygon points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y)) \(n(x)),\(n(y + 5)) \(n(x - 5)),\(n(y))\" fill=\"\(color)\"/>"
        }
    }

    /// Groups of bars side by side (one colour per series), values in percent.
    static func groupedBars(_ groups: [(label: String, values: [(Double, String)?])], legend: [String], title: String) -> String {
        let width = 900.0, labelWidth = 430.0, barHeight = 18.0, gap = 14.0, plot = width - labelWidth - 70
        let groupHeight = Double(legend.count) * barHeight + gap
        let legendBlock = legendRows(legend, x: labelWidth, width: width - labelWidth)
        let height = Double(groups.count) * groupHeight + 20 + legendBlock.height
        var svg = open(width: width, height: height, title: title)
        for (index, group) in groups.enumerated() {
            let y = 10 + Double(index) * groupHeight
            svg += text(fitted(group.label, width: labelWidth - 12), x: labelWidth - 8, y: y + barHeight * Double(legend.count) / 2 + 4, anchor: "end")
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
        svg += legendBlock.svg(Double(groups.count) * groupHeight + 26)
        return svg + "</svg>"
    }

    // MARK: Pieces

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
    }

    /// A legend laid out in rows within `width` from `x` (an entry moves to the next row rather
    /// than run into its neighbour, its width estimated from `characterWidth`); its height, and
    /// its marks drawn at a baseline given later. `lines`: line swatches (dash patterns) rather
    /// than squares.
    static func legendRows(_ legend: [String], x: Double, width: Double, lines: Bool = false)
        -> (height: Double, svg: (Double) -> String) {
        var positions: [(x: Double, row: Int)] = []
        var offset = x, row = 0
        for label in legend {
            let entry = (lines ? 36 : 18) + Double(label.count) * characterWidth + 18
            if offset > x && offset + entry > x + width {
                row += 1
                offset = x
            }
            positions.append((offset, row))
            offset += entry
        }
        let dashes = ["", "8 4", "2 3", "12 3 2 3"]
        let height = Double(row + 1) * 20
        return (height, { baseline in
            var svg = ""
            for (index, label) in legend.enumerated() {
                let (left, line) = positions[index]
                let y = baseline + Double(line) * 20
                let color = palette[index % palette.count]
                svg += "<g class=\"legend-entry\">"
                defer { svg += "</g>" }
                if lines {
                    let dash = dashes[index % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[index % dashes.count])\""
                    svg += "<line x1=\"\(n(left))\" y1=\"\(n(y - 4))\" x2=\"\(n(left + 28))\" y2=\"\(n(y - 4))\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash)/>"
                    svg += marker(index, x: left + 14, y: y - 4, color: color)
                    svg += text(label, x: left + 36, y: y)
                } else {
                    svg += "<rect x=\"\(n(left))\" y=\"\(n(y - 10))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
                    svg += text(label, x: left + 18, y: y)
                }
            }
            return svg
        })
    }

    /// `label` shortened with an ellipsis to fit `width` (its full text stays in the data table).
    static func fitted(_ label: String, width: Double) -> String {
        let room = Int(width / characterWidth)
        guard label.count > room, room > 1 else { return label }
        return String(label.prefix(room - 1)) + "…"
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

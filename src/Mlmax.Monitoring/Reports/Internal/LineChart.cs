using System.Text;

namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>Values over the recorded checks as inline SVG: one line per series, a marker per value, an optional dashed threshold.</summary>
internal static class LineChart
{
    private const int Width = 760;
    private const int Height = 280;
    private const int Left = 80;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 70;

    /// <summary>One line: its name and a value per check (<see langword="null"/> where the check has none).</summary>
    public sealed record Series(string Name, IReadOnlyList<double?> Values);

    public static string Render(string plot, string label, IReadOnlyList<string> xLabels, IReadOnlyList<Series> series, double? threshold, IReadOnlySet<string> highlighted)
    {
        var n = xLabels.Count;
        var max = series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).Append(threshold ?? 0).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : max * 1.1;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (n <= 1 ? plotWidth / 2.0 : plotWidth * i / (double)(n - 1));
        double Y(double v) => Top + plotHeight - (Math.Min(v, max) / max * plotHeight);

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"plot wide\" data-plot=\"{Html.Encode(plot)}\" data-series=\"{series.Count}\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" ")
            .Append($"role=\"img\" aria-label=\"{Html.Encode(label)}\">");
        Axes.AppendY(svg, Left, Top, plotWidth, plotHeight, max, v => Html.Number(v));
        if (threshold is { } t)
        {
            var y = Html.Coordinate(Y(t));
            svg.Append($"<line class=\"threshold\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + plotWidth}\" y2=\"{y}\"><title>threshold {Html.Number(t)}</title></line>");
        }

        for (var i = 0; i < n; i++)
        {
            var x = Html.Coordinate(X(i));
            var y = Html.Coordinate(Top + plotHeight + 12);
            svg.Append($"<text class=\"tick\" x=\"{x}\" y=\"{y}\" transform=\"rotate(-30 {x} {y})\" text-anchor=\"end\">{Html.Encode(xLabels[i])}</text>");
        }

        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette.Line(s);
            var strong = highlighted.Contains(series[s].Name);
            var points = Enumerable.Range(0, n).Where(i => series[s].Values[i] is not null).Select(i => (X: X(i), Y: Y(series[s].Values[i]!.Value), V: series[s].Values[i]!.Value)).ToList();
            svg.Append($"<g class=\"series{(strong ? " strong" : "")}\" data-series-name=\"{Html.Encode(series[s].Name)}\"><title>{Html.Encode(series[s].Name)}</title>");
            if (points.Count > 1)
            {
                svg.Append($"<polyline fill=\"none\" stroke=\"{color}\" points=\"{string.Join(' ', points.Select(p => $"{Html.Coordinate(p.X)},{Html.Coordinate(p.Y)}"))}\"/>");
            }

            foreach (var p in points)
            {
                svg.Append($"<circle cx=\"{Html.Coordinate(p.X)}\" cy=\"{Html.Coordinate(p.Y)}\" r=\"3\" fill=\"{color}\"><title>{Html.Encode($"{series[s].Name}: {Html.Number(p.V)}")}</title></circle>");
            }

            svg.Append("</g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The legend below a line chart, as HTML.</summary>
    public static string Legend(IReadOnlyList<Series> series, IReadOnlySet<string> highlighted)
    {
        var html = new StringBuilder("<ul class=\"legend\">");
        for (var s = 0; s < series.Count; s++)
        {
            html.Append($"<li{(highlighted.Contains(series[s].Name) ? " class=\"drifted\"" : "")}><span class=\"swatch\" style=\"background:{Palette.Line(s)}\"></span>{Html.Encode(series[s].Name)}</li>");
        }

        return html.Append("</ul>").ToString();
    }
}

using System.Text;
using Mlmax.Monitoring.Drift;

namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>A feature's distribution overlay as inline SVG: per bin, the training share beside the batch share.</summary>
internal static class OverlayChart
{
    private const int Width = 560;
    private const int Height = 250;
    private const int Left = 44;
    private const int Right = 8;
    private const int Top = 10;
    private const int Bottom = 80;

    public static string Render(string feature, FeatureDistribution distribution, bool drifted)
    {
        var baseline = Shares(distribution.Baseline);
        var batch = Shares(distribution.Batch);
        var n = distribution.Bins.Count;
        var max = Math.Max(baseline.Concat(batch).DefaultIfEmpty(0).Max(), 0.01);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var group = plotWidth / (double)Math.Max(n, 1);
        var bar = group * 0.4;
        var batchColor = drifted ? Palette.Drifted : Palette.Batch;

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"plot\" data-plot=\"distribution\" data-feature=\"{Html.Encode(feature)}\" data-drifted=\"{(drifted ? "true" : "false")}\" ")
            .Append($"width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode($"distribution of {feature}: training and batch")}\">");
        Axes.AppendY(svg, Left, Top, plotWidth, plotHeight, max, Html.Percent);
        for (var i = 0; i < n; i++)
        {
            var x = Left + (i * group) + (group * 0.1);
            AppendBar(svg, x, bar, baseline[i], max, plotHeight, Palette.Baseline, $"{distribution.Bins[i]}: training {Html.Percent(baseline[i])}");
            AppendBar(svg, x + bar, bar, batch[i], max, plotHeight, batchColor, $"{distribution.Bins[i]}: batch {Html.Percent(batch[i])}");
            var lx = Html.Coordinate(Left + ((i + 0.5) * group));
            var ly = Html.Coordinate(Top + plotHeight + 12);
            svg.Append($"<text class=\"tick\" x=\"{lx}\" y=\"{ly}\" transform=\"rotate(-40 {lx} {ly})\" text-anchor=\"end\">{Html.Encode(Shorten(distribution.Bins[i]))}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendBar(StringBuilder svg, double x, double width, double share, double max, double plotHeight, string color, string title)
    {
        var h = share / max * plotHeight;
        svg.Append($"<rect x=\"{Html.Coordinate(x)}\" y=\"{Html.Coordinate(Top + plotHeight - h)}\" width=\"{Html.Coordinate(width)}\" height=\"{Html.Coordinate(h)}\" fill=\"{color}\">")
            .Append($"<title>{Html.Encode(title)}</title></rect>");
    }

    private static double[] Shares(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0 : (double)c / total)];
    }

    private static string Shorten(string label) => label.Length <= 18 ? label : label[..17] + "…";
}

using System.Text;

namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>The y axis of the report's plots: a baseline and four gridlines labelled with their values.</summary>
internal static class Axes
{
    public static void AppendY(StringBuilder svg, double left, double top, double width, double height, double max, Func<double, string> label)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = Html.Coordinate(top + height - (height * i / 4));
            svg.Append($"<line class=\"{(i == 0 ? "axis" : "grid")}\" x1=\"{Html.Coordinate(left)}\" y1=\"{y}\" x2=\"{Html.Coordinate(left + width)}\" y2=\"{y}\"/>")
                .Append($"<text class=\"tick\" x=\"{Html.Coordinate(left - 4)}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Html.Encode(label(value))}</text>");
        }
    }
}

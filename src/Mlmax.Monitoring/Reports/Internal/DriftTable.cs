using System.Text;
using Mlmax.Monitoring.Drift;

namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>A drift report as an HTML table: one row per feature, drifted ones first and marked.</summary>
internal static class DriftTable
{
    public static string Render(string title, DriftReport report)
    {
        var html = new StringBuilder();
        html.Append($"<table class=\"drift\" data-report=\"{Html.Encode(title)}\"><caption>{Html.Encode(title)}: {report.Drifted.Count} of {report.Features.Count} features crossed a threshold</caption>")
            .Append("<thead><tr><th>feature</th><th>kind</th><th>psi</th><th>ks p</th><th>js</th><th>missing</th><th>unseen</th><th class=\"crossed\">crossed</th></tr></thead><tbody>");
        foreach (var f in report.Features.OrderByDescending(f => f.Drifted))
        {
            html.Append($"<tr data-feature=\"{Html.Encode(f.Name)}\"{(f.Drifted ? " class=\"drifted\"" : "")}>")
                .Append($"<td>{Html.Encode(f.Name)}</td><td class=\"text\">{f.Kind.ToString().ToLowerInvariant()}</td>")
                .Append($"<td>{Html.Number(f.Measures.Psi)}</td><td>{Html.Number(f.Measures.KolmogorovSmirnov?.PValue)}</td><td>{Html.Number(f.Measures.JsDistance)}</td>")
                .Append($"<td>{Html.Number(f.Quality.MissingRate)}</td><td>{Html.Number(f.Quality.UnseenShare)}</td>")
                .Append($"<td class=\"crossed\">{Html.Encode(string.Join(", ", f.Crossed.Select(c => $"{c.Measure} {Html.Number(c.Value)} (threshold {Html.Number(c.Threshold)})")))}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}

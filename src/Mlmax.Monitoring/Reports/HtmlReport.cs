using System.Globalization;
using System.Text;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Reports.Internal;

namespace Mlmax.Monitoring.Reports;

/// <summary>
/// A monitoring report as one self-contained HTML file: inline CSS and inline SVG, no script, no reference to anything
/// outside the file. Sections: summary, drift over time (PSI per feature across the recorded checks), a distribution
/// overlay per feature (drifted ones first), metrics over time, and a table per drift report (drifted features first). Every plot is an <c>svg</c> element with a
/// <c>data-plot</c> attribute (<c>distribution</c>, <c>drift-over-time</c>, <c>metric-over-time</c>); drifted
/// features carry <c>data-drifted="true"</c> (docs/monitoring.md).
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the report.</summary>
    /// <param name="report">What to show.</param>
    /// <returns>The HTML document.</returns>
    public static string Render(MonitorReport report)
    {
        var drifted = report.Input.Drifted.Count + (report.Predictions?.Drifted.Count ?? 0);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Html.Encode($"Monitoring {report.Model}: {report.Source}")}</title><style>{ReportStyle.Css}</style></head><body><main>")
            .Append($"<h1>Monitoring report: {Html.Encode(report.Model)}</h1>")
            .Append("<dl class=\"summary\">")
            .Append(Item("source", Html.Encode(report.Source)))
            .Append(Item("checked", Html.Encode(Html.Time(report.CheckedAt))))
            .Append(report.CheckId is null ? "" : Item("check", Html.Encode(report.CheckId)))
            .Append(Item("rows scored", report.Input.BatchRows.ToString("N0", CultureInfo.InvariantCulture)))
            .Append(Item("rows in training", report.Input.BaselineRows.ToString("N0", CultureInfo.InvariantCulture)))
            .Append(Item("verdict", drifted == 0
                ? "<span class=\"verdict ok\" data-verdict=\"ok\">no threshold crossed</span>"
                : $"<span class=\"verdict drift\" data-verdict=\"drifted\">{drifted} feature(s) crossed a threshold</span>"))
            .Append("</dl>");

        AppendDriftOverTime(html, report);
        html.Append("<h2 id=\"distributions\">Distributions: training and batch</h2>")
            .Append($"<p class=\"key\"><span class=\"swatch\" style=\"background:{Palette.Baseline}\"></span>training<span class=\"swatch\" style=\"background:{Palette.Batch}\"></span>batch")
            .Append($"<span class=\"swatch\" style=\"background:{Palette.Drifted}\"></span>batch, drifted feature</p>");
        AppendDistributions(html, report.Input, "");
        if (report.Predictions is not null)
        {
            AppendDistributions(html, report.Predictions, "prediction ");
        }

        AppendMetricsOverTime(html, report.History);
        html.Append("<h2 id=\"drift\">Measures per feature</h2>").Append(DriftTable.Render("input", report.Input));
        if (report.Predictions is not null)
        {
            html.Append("<br>").Append(DriftTable.Render("predictions", report.Predictions));
        }

        var notes = report.Input.Notes.Concat(report.Predictions?.Notes ?? []).ToList();
        if (notes.Count > 0)
        {
            html.Append("<h2>Notes</h2><ul class=\"notes\">");
            foreach (var note in notes)
            {
                html.Append($"<li>{Html.Encode(note)}</li>");
            }

            html.Append("</ul>");
        }

        return html.Append($"<footer>mlmax monitor, {Html.Encode(Html.Time(report.CheckedAt))}</footer></main></body></html>\n").ToString();
    }

    private static string Item(string term, string value) => $"<div><dt>{term}</dt><dd>{value}</dd></div>";

    private static void AppendDistributions(StringBuilder html, DriftReport report, string prefix)
    {
        html.Append("<div class=\"grid-plots\">");
        foreach (var f in report.Features.OrderByDescending(f => f.Drifted))
        {
            var name = prefix + f.Name;
            if (f.Distribution is null)
            {
                continue;
            }

            var measures = f.Kind == FeatureKind.Numeric ? $"psi {Html.Number(f.Measures.Psi)}" : $"js {Html.Number(f.Measures.JsDistance)}";
            html.Append($"<figure data-feature=\"{Html.Encode(name)}\"{(f.Drifted ? " class=\"drifted\"" : "")}><figcaption>{Html.Encode(name)}")
                .Append(f.Drifted ? "<span class=\"badge\">drifted</span>" : "")
                .Append($"<span class=\"measures\">{measures}</span></figcaption>")
                .Append(OverlayChart.Render(name, f.Distribution, f.Drifted))
                .Append("</figure>");
        }

        html.Append("</div>");
        var missing = report.Features.Where(f => f.Distribution is null).Select(f => prefix + f.Name).ToList();
        if (missing.Count > 0)
        {
            html.Append($"<p class=\"notes\">No distribution to compare for {Html.Encode(string.Join(", ", missing))} (see the notes).</p>");
        }
    }

    private static void AppendDriftOverTime(StringBuilder html, MonitorReport report)
    {
        html.Append("<h2 id=\"drift-over-time\">Drift over time (PSI per feature)</h2>");
        var points = report.History.Where(p => p.Psi.Count > 0).ToList();
        if (points.Count == 0)
        {
            html.Append("<p class=\"empty\" data-empty=\"drift-over-time\">No recorded check of this model measured PSI yet.</p>");
            return;
        }

        var names = points.SelectMany(p => p.Psi.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = names.Select(n => new LineChart.Series(n, [.. points.Select(p => p.Psi.TryGetValue(n, out var v) ? (double?)v : null)])).ToList();
        var highlighted = report.Input.Drifted.ToHashSet(StringComparer.Ordinal);
        html.Append(LineChart.Render("drift-over-time", "population stability index per feature across the recorded checks", Labels(points), series, report.PsiThreshold, highlighted))
            .Append(LineChart.Legend(series, highlighted))
            .Append($"<p class=\"key\">{points.Count} recorded check(s), oldest first{(report.PsiThreshold is { } t ? $"; dashed: the PSI threshold {Html.Number(t)}" : "")}.</p>");
    }

    private static void AppendMetricsOverTime(StringBuilder html, IReadOnlyList<MonitorHistoryPoint> history)
    {
        html.Append("<h2 id=\"metrics-over-time\">Metrics over time</h2>");
        var points = history.Where(p => p.Metrics.Count > 0).ToList();
        if (points.Count == 0)
        {
            html.Append("<p class=\"empty\" data-empty=\"metric-over-time\">No recorded check of this model carries model-quality metrics yet: they come from checks of labelled outcomes.</p>");
            return;
        }

        var names = points.SelectMany(p => p.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = names.Select(n => new LineChart.Series(n, [.. points.Select(p => p.Metrics.TryGetValue(n, out var v) ? (double?)v : null)])).ToList();
        var none = new HashSet<string>();
        html.Append(LineChart.Render("metric-over-time", "model-quality metrics across the recorded checks", Labels(points), series, null, none))
            .Append(LineChart.Legend(series, none));
    }

    private static List<string> Labels(IEnumerable<MonitorHistoryPoint> points) =>
        [.. points.Select(p => p.CheckedAt.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))];
}

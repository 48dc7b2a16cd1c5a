using Mlmax.Monitoring.Reports;

namespace Mlmax.Monitoring.Tests.Reports;

/// <summary>The HTML report as text: self-contained, encoded, with a plot per feature and the plots over time.</summary>
public sealed class HtmlReportTests
{
    [Fact]
    public void Render_DriftedBatch_SelfContainedWithNoScriptOrNetworkReference()
    {
        var html = HtmlReport.Render(SyntheticReports.Drifted());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_FeatureNameWithMarkup_IsEncodedEverywhere()
    {
        var html = HtmlReport.Render(SyntheticReports.Drifted());

        Assert.DoesNotContain(SyntheticReports.MarkupName, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DriftedBatch_PlotPerComparedFeatureAndDriftedOnesMarked()
    {
        var report = SyntheticReports.Drifted();
        var html = HtmlReport.Render(report);

        var compared = report.Input.Features.Count(f => f.Distribution is not null) + report.Predictions!.Features.Count(f => f.Distribution is not null);
        Assert.Equal(compared, Count(html, "data-plot=\"distribution\""));
        Assert.Equal(1, Count(html, "data-plot=\"drift-over-time\""));
        Assert.Equal(1, Count(html, "data-plot=\"metric-over-time\""));
        Assert.Contains("data-feature=\"age\" data-drifted=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-feature=\"age\" class=\"drifted\">", html, StringComparison.Ordinal);
        Assert.Contains("data-feature=\"hours\" data-drifted=\"false\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoCheckWithMetrics_SaysSoInsteadOfAPlot()
    {
        var html = HtmlReport.Render(SyntheticReports.Drifted(withMetrics: false));

        Assert.Equal(0, Count(html, "data-plot=\"metric-over-time\""));
        Assert.Contains("data-empty=\"metric-over-time\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PsiOf_MonitorJsonOrBareReport_ReadsInputFeaturesPsi()
    {
        var report = SyntheticReports.Drifted().Input;
        var bare = MonitorHistoryPoint.PsiOf(report.ToJson());
        var wrapped = MonitorHistoryPoint.PsiOf($"{{\"model\": \"m:1\", \"input\": {report.ToJson()}, \"predictions\": null}}");

        Assert.Equal(report.Features.Single(f => f.Name == "age").Measures.Psi, bare["age"]);
        Assert.Equal(bare, wrapped);
        Assert.DoesNotContain("color", bare.Keys);
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

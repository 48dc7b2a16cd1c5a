using System.Text.Json.Nodes;
using Mlmax.Monitoring.Reports;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Reports;

/// <summary>The HTML report opened in headless Chromium (Debian's): no console errors, every plot drawn with a size, the drifted feature marked.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private const string Inspect = """
        JSON.stringify({
          plots: [...document.querySelectorAll('svg[data-plot]')].map(s => {
            const r = s.getBoundingClientRect();
            return { kind: s.dataset.plot, feature: s.dataset.feature || null, drifted: s.dataset.drifted || null, width: r.width, height: r.height, marks: s.querySelectorAll('rect, circle').length };
          }),
          driftedRows: [...document.querySelectorAll('tr.drifted')].map(r => r.dataset.feature),
          driftedFigures: [...document.querySelectorAll('figure.drifted')].map(f => f.dataset.feature),
          images: document.images.length,
          resources: performance.getEntriesByType('resource').length
        })
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Render_OpenedInChromium_NoErrorsEveryPlotDrawnAndDriftMarked()
    {
        var report = SyntheticReports.Drifted();
        var path = _folder.PathOf("report.html");
        await File.WriteAllTextAsync(path, HtmlReport.Render(report));
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.NavigateAsync(new Uri(path).AbsoluteUri);
        var page = JsonNode.Parse((string)(await chromium.EvaluateAsync(Inspect))!)!;

        Assert.Empty(chromium.Errors);
        var plots = page["plots"]!.AsArray();
        var distributions = report.Input.Features.Count(f => f.Distribution is not null) + report.Predictions!.Features.Count(f => f.Distribution is not null);
        Assert.Equal(distributions, plots.Count(p => (string?)p!["kind"] == "distribution"));
        Assert.Equal(1, plots.Count(p => (string?)p!["kind"] == "drift-over-time"));
        Assert.Equal(1, plots.Count(p => (string?)p!["kind"] == "metric-over-time"));
        Assert.All(plots, p =>
        {
            Assert.True((double)p!["width"]! > 100 && (double)p["height"]! > 100, $"plot {p.ToJsonString()} has no size");
            Assert.True((int)p["marks"]! > 0, $"plot {p.ToJsonString()} draws nothing");
        });
        Assert.Equal("true", (string?)plots.Single(p => (string?)p!["feature"] == "age")!["drifted"]);
        Assert.Contains("age", page["driftedRows"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("age", page["driftedFigures"]!.AsArray().Select(r => (string?)r));
        Assert.DoesNotContain("hours", page["driftedFigures"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(0, (int)page["images"]!);
        Assert.Equal(0, (int)page["resources"]!);
    }

    [Fact]
    public async Task HeadlessChromium_PageWithConsoleErrorAndBrokenImage_ReportsBoth()
    {
        var path = _folder.PathOf("broken.html");
        await File.WriteAllTextAsync(path, "<!DOCTYPE html><html><body><img src=\"missing.png\"><script>console.error('boom')</script></body></html>");
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.NavigateAsync(new Uri(path).AbsoluteUri);
        await chromium.EvaluateAsync("1");

        Assert.Contains(chromium.Errors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(chromium.Errors, e => e.Contains("missing.png", StringComparison.Ordinal));
    }
}

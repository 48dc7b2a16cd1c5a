using System.Globalization;
using Mlmax.Metadata;
using Mlmax.Monitoring.Reports;
using Mlmax.Registry;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>Writes a check's HTML report (whole or not at all: a temp file renamed into place).</summary>
internal static class MonitorHtml
{
    /// <summary>The recorded checks the plots over time show at most (the newest).</summary>
    public const int HistoryLimit = 60;

    public static string DefaultPath(ProjectHost host, ModelVersionRecord version, DateTimeOffset at) =>
        Path.Combine(host.StateDirectory, "reports", $"monitor-{version.Name}-{version.Version}-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.html");

    public static async Task<IReadOnlyList<MonitorHistoryPoint>> HistoryAsync(ProjectHost host, ModelVersionRecord version, MonitorChecker checker, CancellationToken cancellationToken)
    {
        var checks = (await host.Metadata.ListMonitorChecksAsync(version.Name, null, cancellationToken)).Where(c => c.Version == version.Version).TakeLast(HistoryLimit);
        var points = new List<MonitorHistoryPoint>();
        foreach (var check in checks)
        {
            IReadOnlyDictionary<string, double> psi = new Dictionary<string, double>();
            if (await host.Artifacts.ExistsAsync(check.ReportArtifact, cancellationToken))
            {
                psi = MonitorHistoryPoint.PsiOf(await checker.ReadReportAsync(check, cancellationToken));
            }

            points.Add(new MonitorHistoryPoint(check.Id, check.CheckedAt, check.Source.Describe(), check.Drifted, psi, check.Source.Metrics ?? new Dictionary<string, double>()));
        }

        return points;
    }

    public static async Task WriteAsync(string path, MonitorReport report, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await File.WriteAllTextAsync(temp, HtmlReport.Render(report), cancellationToken);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static MonitorReport Of(ModelVersionRecord version, MonitorCheck check, IReadOnlyList<MonitorHistoryPoint> history, double? psiThreshold) => new()
    {
        Model = version.Reference,
        Source = check.Record.Source.Describe() + (check.Run is { } run ? $" ({run.Pipeline})" : " (served)"),
        CheckedAt = check.Record.CheckedAt,
        CheckId = check.Record.Id,
        Input = check.Input,
        Predictions = check.Predictions,
        History = history,
        PsiThreshold = psiThreshold,
    };
}

using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Metadata;
using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>
/// Checks batches of one model version against its baselines and records each check (its report as a hash-addressed
/// artifact). A batch already checked with the same thresholds, whose report artifact is intact, is reused.
/// </summary>
internal sealed class MonitorChecker(ProjectHost host, ModelVersionRecord version, Baseline input, Baseline? predictions, DriftThresholds thresholds, string scratch, TimeProvider time)
{
    private readonly string _thresholdsJson = thresholds.ToJson();

    public async Task<MonitorCheck> CheckAsync(RunRecord run, StepRunRecord step, bool reuse, CancellationToken cancellationToken)
    {
        if (reuse && await ReuseAsync(run, step, cancellationToken) is { } reused)
        {
            return reused;
        }

        var folder = Path.Combine(scratch, "batch-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(folder, "data");
        await host.Artifacts.MaterializeAsync(step.Inputs[PredictRunner.DataInput], data, cancellationToken);
        var inputReport = DriftAnalyzer.Analyze(input, await BatchProfiler.ProfileAsync(data, input, cancellationToken), thresholds);

        DriftReport? predictionReport = null;
        if (predictions is not null && step.Outputs.TryGetValue(PredictRunner.PredictionsOutput, out var output))
        {
            var outputs = Path.Combine(folder, "predictions");
            await host.Artifacts.MaterializeAsync(output, outputs, cancellationToken);
            var file = Directory.GetFiles(outputs, "predictions.*").Order(StringComparer.Ordinal).First();
            predictionReport = DriftAnalyzer.Analyze(predictions, await BatchProfiler.ProfileAsync(file, predictions, cancellationToken), thresholds);
        }

        return await RecordAsync(MonitorSource.ForRun(run.Id, step.Step), run, inputReport, predictionReport, folder, cancellationToken);
    }

    /// <summary>Records the check of a batch already profiled and analyzed (a window of served requests), with its report artifact.</summary>
    public Task<MonitorCheck> RecordAsync(MonitorSource source, DriftReport inputReport, DriftReport? predictionReport, CancellationToken cancellationToken) =>
        RecordAsync(source, null, inputReport, predictionReport, Path.Combine(scratch, "window-" + Guid.NewGuid().ToString("N")), cancellationToken);

    private async Task<MonitorCheck> RecordAsync(
        MonitorSource source, RunRecord? run, DriftReport inputReport, DriftReport? predictionReport, string folder, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> drifted = [.. inputReport.Drifted, .. predictionReport?.Drifted.Select(d => "prediction " + d) ?? []];
        var record = new MonitorCheckRecord
        {
            Id = "chk-" + RunPlanner.NewRunId(time),
            Model = version.Name,
            Version = version.Version,
            Source = source,
            CheckedAt = time.GetUtcNow(),
            Drifted = drifted.Count > 0,
            DriftedFeatures = drifted,
            WorstPsi = inputReport.Features.Select(f => f.Measures.Psi).Max(),
            ThresholdsJson = _thresholdsJson,
            ReportArtifact = "",
        };

        record = await CheckDocument.SaveAsync(host, record, CheckDocument.Write(record, version.Reference, inputReport, predictionReport), folder, cancellationToken);
        return new MonitorCheck(record, run, inputReport, predictionReport, Reused: false);
    }

    /// <summary>The report of a recorded check, read back from its artifact (hash-verified).</summary>
    public async Task<string> ReadReportAsync(MonitorCheckRecord record, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(scratch, "check-" + Guid.NewGuid().ToString("N"));
        await host.Artifacts.MaterializeAsync(record.ReportArtifact, folder, cancellationToken);
        return await File.ReadAllTextAsync(Path.Combine(folder, CheckDocument.FileName), cancellationToken);
    }

    private async Task<MonitorCheck?> ReuseAsync(RunRecord run, StepRunRecord step, CancellationToken cancellationToken)
    {
        var recorded = (await host.Metadata.ListMonitorChecksOfRunAsync(run.Id, cancellationToken))
            .LastOrDefault(c => c.Model == version.Name && c.Version == version.Version && c.Source.Step == step.Step && c.ThresholdsJson == _thresholdsJson);
        if (recorded is null || !await host.Artifacts.ExistsAsync(recorded.ReportArtifact, cancellationToken))
        {
            return null;
        }

        try
        {
            var (inputReport, predictionReport) = CheckDocument.Read(await ReadReportAsync(recorded, cancellationToken));
            return new MonitorCheck(recorded, run, inputReport, predictionReport, Reused: true);
        }
        catch (ArtifactIntegrityException)
        {
            return null;
        }
    }
}

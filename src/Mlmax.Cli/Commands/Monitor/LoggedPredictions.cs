using System.Globalization;
using System.Text.Json;
using Mlmax.Cli.Internal;
using Mlmax.Metadata;
using Mlmax.Monitoring.Labels;
using Mlmax.Registry;
using Mlmax.RequestLog;
using Mlmax.Scoring;
using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;
using Mlmax.Specs;

namespace Mlmax.Cli.Commands.Monitor;

/// <summary>
/// Every prediction a version made that labels can be joined to: the rows of its request log, and the predictions
/// files of the succeeded batch inference runs that scored with it (their id column, or <c>row_id</c>).
/// </summary>
internal static class LoggedPredictions
{
    private const int RunsSearched = 200;

    /// <summary>The predictions, and the runs read.</summary>
    public static async Task<(List<ScoredPrediction> Predictions, List<string> Runs)> ReadAsync(ProjectHost host, ModelVersionRecord version, string scratch, CancellationToken cancellationToken)
    {
        var predictions = new List<ScoredPrediction>();
        var archive = new RequestLogArchive(host.Artifacts, host.Metadata, scratch, TimeProvider.System);
        await foreach (var row in archive.ReadWindowAsync(version.Name, version.Version, null, null, cancellationToken))
        {
            if (FromOutputs(row.RowId, row.At, "requests", name => RequestLogFormat.Text(row.Outputs.GetValueOrDefault(name))) is { } p)
            {
                predictions.Add(p);
            }
        }

        var runs = new List<string>();
        foreach (var (run, step) in await BatchStepsAsync(host, version, cancellationToken))
        {
            var folder = Path.Combine(scratch, "predictions-" + run.Id);
            await host.Artifacts.MaterializeAsync(step.Outputs[PredictRunner.PredictionsOutput], folder, cancellationToken);
            var file = Directory.GetFiles(folder, "predictions.*").Order(StringComparer.Ordinal).FirstOrDefault();
            if (file is null)
            {
                continue;
            }

            runs.Add(run.Id);
            var at = step.EndedAt ?? step.StartedAt ?? run.StartedAt;
            using var reader = TableFiles.OpenRead(file);
            var positions = reader.Header.Select((name, i) => (Key: ColumnNames.Normalize(name), i)).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
            while (reader.Read() is { } values)
            {
                if (values[0] is { Length: > 0 } id
                    && FromOutputs(id, at, run.Id, name => positions.TryGetValue(ColumnNames.Normalize(name), out var i) ? values[i] : null) is { } p)
                {
                    predictions.Add(p);
                }
            }
        }

        return (predictions, runs);
    }

    /// <summary>A binary classifier's prediction from its output values; <see langword="null"/> when one is missing.</summary>
    private static ScoredPrediction? FromOutputs(string id, DateTimeOffset at, string source, Func<string, string?> value)
    {
        var label = value("predicted_label");
        var score = value("score");
        var probability = value("probability");
        if (label is null || !bool.TryParse(label, out var predicted)
            || !float.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            || !float.TryParse(probability, NumberStyles.Float, CultureInfo.InvariantCulture, out var pr))
        {
            return null;
        }

        return new ScoredPrediction(id, at, predicted, s, pr, source);
    }

    /// <summary>The succeeded predict steps, among the latest runs, that scored with the version and kept their predictions.</summary>
    private static async Task<List<(RunRecord Run, StepRunRecord Step)>> BatchStepsAsync(ProjectHost host, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var found = new List<(RunRecord, StepRunRecord)>();
        foreach (var run in (await host.Metadata.ListRunsAsync(null, RunsSearched, cancellationToken)).Where(r => r.Status == RunStatus.Succeeded))
        {
            var pipeline = Definitions.CanonicalForm.FromJson(run.DefinitionJson);
            using var parameters = JsonDocument.Parse(run.ParametersJson);
            var steps = pipeline.Steps.Where(s => s.Runner is PredictRunner runner
                && parameters.RootElement.TryGetProperty(runner.ModelParameter, out var pinned) && pinned.ValueKind == JsonValueKind.String
                && pinned.GetString() == version.Reference).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            if (steps.Count == 0)
            {
                continue;
            }

            foreach (var step in await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken))
            {
                if (steps.Contains(step.Step) && step.Status == RunStatus.Succeeded && step.Outputs.ContainsKey(PredictRunner.PredictionsOutput))
                {
                    found.Add((run, step));
                }
            }
        }

        return found;
    }
}

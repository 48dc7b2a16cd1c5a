using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Mlmax.Cli.Internal;
using Mlmax.Metadata;
using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary>
/// <c>mlmax monitor MODEL [--run RUN]</c>: data quality and drift of a batch inference run's input and predictions
/// against the baselines in the model version's bundle. Exits 1 when a threshold is crossed.
/// </summary>
internal sealed class MonitorCommand : AsyncCommand<MonitorCommand.Settings>
{
    private const int RunsSearched = 200;

    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS: the version whose baselines the batch is compared with.")]
        public string Model { get; init; } = "";

        [CommandOption("--drifted")]
        [Description("List only the features that crossed a threshold.")]
        public bool DriftedOnly { get; init; }

        [CommandOption("--run <RUN>")]
        [Description("The inference run to check (default: the latest succeeded run that scored with that version).")]
        public string? Run { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var (run, step) = await FindBatchAsync(host, version, settings.Run, cancellationToken);
        var scratch = Path.Combine(host.StateDirectory, "tmp", "monitor-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var bundle = await BundleFiles.LoadAsync(host.Artifacts, version, Path.Combine(scratch, "bundle"), cancellationToken);
            var inputBaseline = Baseline.FromBundle(bundle)
                ?? throw new UserException($"{version.Reference} has no baseline in its bundle (role 'baseline'): add one to the model's bundle: section and re-train");
            var data = Path.Combine(scratch, "data");
            await host.Artifacts.MaterializeAsync(step.Inputs[PredictRunner.DataInput], data, cancellationToken);
            var input = DriftAnalyzer.Analyze(inputBaseline, await BatchProfiler.ProfileAsync(data, inputBaseline, cancellationToken), DriftThresholds.Default);

            DriftReport? predictions = null;
            if (Baseline.PredictionsFromBundle(bundle) is { } predictionBaseline && step.Outputs.TryGetValue(PredictRunner.PredictionsOutput, out var output))
            {
                var folder = Path.Combine(scratch, "predictions");
                await host.Artifacts.MaterializeAsync(output, folder, cancellationToken);
                var file = Directory.GetFiles(folder, "predictions.*").Order(StringComparer.Ordinal).First();
                predictions = DriftAnalyzer.Analyze(predictionBaseline, await BatchProfiler.ProfileAsync(file, predictionBaseline, cancellationToken), DriftThresholds.Default);
            }

            Write(settings, version, run, step, input, predictions);
            return input.Drifted.Count > 0 || predictions?.Drifted.Count > 0 ? 1 : 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The run's predict step that scored with <paramref name="version"/>: of the given run, or of the latest such run.</summary>
    private static async Task<(RunRecord Run, StepRunRecord Step)> FindBatchAsync(ProjectHost host, ModelVersionRecord version, string? runId, CancellationToken cancellationToken)
    {
        var candidates = runId is not null
            ? [await host.Metadata.GetRunAsync(runId, cancellationToken) ?? throw new UserException($"no run '{runId}' (see: mlmax runs)")]
            : (await host.Metadata.ListRunsAsync(null, RunsSearched, cancellationToken)).Where(r => r.Status == RunStatus.Succeeded).ToList();
        foreach (var run in candidates)
        {
            var pipeline = Definitions.CanonicalForm.FromJson(run.DefinitionJson);
            using var parameters = JsonDocument.Parse(run.ParametersJson);
            foreach (var predict in pipeline.Steps.Where(s => s.Runner is PredictRunner))
            {
                var parameter = ((PredictRunner)predict.Runner).ModelParameter;
                var pinned = parameters.RootElement.TryGetProperty(parameter, out var value) ? value.GetString() : null;
                if (pinned != version.Reference)
                {
                    continue;
                }

                var step = (await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken)).FirstOrDefault(s => s.Step == predict.Name && s.Status == RunStatus.Succeeded);
                if (step is not null && step.Inputs.ContainsKey(PredictRunner.DataInput))
                {
                    return (run, step);
                }
            }
        }

        throw new UserException(runId is not null
            ? $"run {runId} has no succeeded predict step that scored with {version.Reference}"
            : $"no succeeded run in the last {RunsSearched} scored with {version.Reference}: run a pipeline with a predict step (e.g. mlmax run inference --param model={version.Reference}), or pass --run RUN");
    }

    private static void Write(Settings settings, ModelVersionRecord version, RunRecord run, StepRunRecord step, DriftReport input, DriftReport? predictions)
    {
        if (settings.Json)
        {
            Console.Out.Write($"{{\"model\": {JsonSerializer.Serialize(version.Reference)}, \"run\": {JsonSerializer.Serialize(run.Id)}, \"step\": {JsonSerializer.Serialize(step.Step)},\n"
                + $"\"drifted\": {(input.Drifted.Count > 0 || predictions?.Drifted.Count > 0 ? "true" : "false")},\n\"input\": {input.ToJson().TrimEnd()},\n\"predictions\": {predictions?.ToJson().TrimEnd() ?? "null"}}}\n");
            return;
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(version.Reference)}[/] against run {run.Id} ({Markup.Escape(run.Pipeline)}/{Markup.Escape(step.Step)}): "
            + $"{input.BatchRows:N0} rows scored, {input.BaselineRows:N0} rows in the training split");
        AnsiConsole.Write(Table("input", input, settings.DriftedOnly));
        if (predictions is not null)
        {
            AnsiConsole.Write(Table("predictions", predictions, settings.DriftedOnly));
        }

        foreach (var note in input.Notes.Concat(predictions?.Notes ?? []))
        {
            AnsiConsole.MarkupLine($"[grey]note: {Markup.Escape(note)}[/]");
        }

        var drifted = input.Drifted.Concat(predictions?.Drifted.Select(d => "prediction " + d) ?? []).ToList();
        AnsiConsole.MarkupLine(drifted.Count == 0
            ? "[green]no threshold crossed[/]"
            : $"[yellow]{drifted.Count} feature(s) crossed a threshold:[/] {Markup.Escape(string.Join(", ", drifted))} (docs/monitoring.md)");
    }

    private static Table Table(string title, DriftReport report, bool driftedOnly)
    {
        var shown = driftedOnly ? $"{title}: {report.Drifted.Count} of {report.Features.Count} features crossed a threshold" : title;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(shown))
            .AddColumns("feature", "kind", "psi", "ks p", "js", "missing", "unseen", "crossed");
        foreach (var f in report.Features.Where(f => f.Drifted || !driftedOnly))
        {
            table.AddRow(
                Markup.Escape(f.Name),
                f.Kind.ToString().ToLowerInvariant(),
                Number(f.Measures.Psi),
                Number(f.Measures.KolmogorovSmirnov?.PValue),
                Number(f.Measures.JsDistance),
                Number(f.Quality.MissingRate),
                Number(f.Quality.UnseenShare),
                f.Drifted ? $"[yellow]{Markup.Escape(string.Join(", ", f.Crossed.Select(c => c.Measure)))}[/]" : "");
        }

        return table;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Execution;
using Mlmax.Registry;
using Mlmax.Scoring.Batch.Internal;
using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;
using Mlmax.Specs;
using Mlmax.Steps;

namespace Mlmax.Scoring.Batch;

/// <summary>
/// The code of predict steps: <c>mlmax predict</c> inside a pipeline. Scores the <c>data</c> input with the version
/// named by the <c>model</c> parameter (pinned to <c>NAME:VERSION</c> when the run was planned), checking rows
/// against the bundle's training schema, and writes <c>predictions.csv</c> (or <c>.parquet</c>) to the
/// <c>predictions</c> output, with <c>violations.csv</c> beside it under <c>on_violation: report</c>.
/// </summary>
/// <param name="registry">Resolves the version.</param>
/// <param name="artifacts">Holds its bundle (verified on load).</param>
/// <param name="cacheDirectory">Where bundles are materialized while loading.</param>
public sealed class PredictStep(IModelRegistry registry, ArtifactStore artifacts, string cacheDirectory) : IBuiltinStep
{
    /// <summary>The predictions file under <c>format: csv</c>.</summary>
    internal const string CsvFile = "predictions.csv";

    /// <summary>The predictions file under <c>format: parquet</c>.</summary>
    internal const string ParquetFile = "predictions.parquet";

    /// <summary>The violations file under <c>on_violation: report</c>.</summary>
    internal const string ViolationsFile = "violations.csv";

    /// <inheritdoc/>
    public async Task<int> RunAsync(StepWorkspace workspace, Action<string> log, CancellationToken cancellationToken)
    {
        var contract = workspace.Contract;
        var reference = Text(contract, "model", "");
        var policy = Choice(contract, "on_violation", "refuse", "report") == "report" ? ViolationPolicy.Report : ViolationPolicy.Refuse;
        var parquet = Choice(contract, "format", "csv", "parquet") == "parquet";
        var idColumn = Text(contract, "id_column", "") is { Length: > 0 } id ? id : null;
        var version = await registry.ResolveAsync(ModelReference.Parse(reference), cancellationToken)
            ?? throw new InvalidOperationException($"model {reference} is not in the registry");

        using var bundle = await BundleFiles.LoadAsync(artifacts, version, cacheDirectory, cancellationToken);
        using var scorer = BundleScorer.Load(bundle);
        var guard = InputSchemaGuard.FromBundle(bundle);
        var output = contract.Outputs[PredictRunner.PredictionsOutput];
        var file = Path.Combine(output, parquet ? ParquetFile : CsvFile);
        var report = guard is not null && policy == ViolationPolicy.Report;
        log($"scoring {PredictRunner.DataInput} with {version.Name}:{version.Version} ({scorer.Format}; training-schema check: {(guard is null ? "none, the bundle has no schema" : policy.ToString().ToLowerInvariant())})");

        var clock = Stopwatch.StartNew();
        StreamingSchemaCheck? check = null;
        long rows;
        try
        {
            using var table = TableFiles.OpenRead(contract.Inputs[PredictRunner.DataInput]);
            using var writer = TableFiles.CreateWriter(file, parquet);
            await using var violations = report ? new StreamWriter(Path.Combine(output, ViolationsFile)) { NewLine = "\n" } : null;
            var sink = violations is null ? null : new ViolationsCsvWriter(violations, idColumn is not null);
            check = guard is null ? null : new StreamingSchemaCheck(guard, policy, sink is null ? null : sink.Write);
            var next = 0.1;
            rows = BatchScoring.Score(scorer, table, writer, new BatchOptions(idColumn, check, p =>
            {
                if (p.Fraction >= next)
                {
                    log($"scored {p.Rows:N0} rows ({p.Fraction:P0} of the input, {p.Rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} rows/s)");
                    next = Math.Floor(p.Fraction * 10 + 1) / 10;
                }
            }), cancellationToken);
        }
        catch (SchemaViolationException e)
        {
            log($"error: {e.Message}");
            if (check is { Tally.Total: > 0 })
            {
                log("set the step's parameter on_violation: report to score every row and list the violations in violations.csv");
            }

            return 2;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        log($"scored {rows:N0} rows in {seconds:0.0}s ({rows / Math.Max(seconds, 1e-9):N0} rows/s) -> {Path.GetFileName(file)}" +
            (check is { Tally.Total: > 0 } ? $"; {check.Tally.Total:N0} schema violation(s) in {check.Tally.Rows:N0} row(s), listed in violations.csv" : ""));
        var metrics = new Dictionary<string, double>
        {
            [PredictMetrics.RowsScored] = rows,
            [PredictMetrics.RowsPerSecond] = Math.Round(rows / Math.Max(seconds, 1e-9)),
        };
        if (check is not null)
        {
            metrics[PredictMetrics.SchemaViolations] = check.Tally.Total;
            metrics[PredictMetrics.RowsWithViolations] = check.Tally.Rows;
        }

        await File.WriteAllTextAsync(contract.MetricsFile, JsonSerializer.Serialize(metrics), cancellationToken);
        return 0;
    }

    /// <summary>A parameter that takes one of two values (the first is the default).</summary>
    private static string Choice(StepContract contract, string name, string first, string second) =>
        Text(contract, name, first) is var value && (value == first || value == second)
            ? value
            : throw new InvalidOperationException($"parameter {name}: '{value}' is not a choice; use {first} or {second}");

    private static string Text(StepContract contract, string name, string fallback) =>
        contract.Parameters.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
}

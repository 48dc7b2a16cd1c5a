using System.ComponentModel;
using System.Diagnostics;
using Mlmax.Cli.Internal;
using Mlmax.Scoring;
using Mlmax.Scoring.Batch;
using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary>
/// <c>mlmax predict MODEL --input FILE --output FILE</c>: batch scoring with a registered version's bundle, traced.
/// When the bundle has a <c>schema</c>, every row is checked against it as it streams (docs/bundle-format.md).
/// </summary>
internal sealed class PredictCommand : AsyncCommand<PredictCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS.")]
        public string Model { get; init; } = "";

        [CommandOption("-i|--input <FILE>")]
        [Description("A CSV (header row) or Parquet file, or a directory of them read as one table.")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <FILE>")]
        [Description("Where to write the predictions: Parquet when it ends in .parquet, CSV otherwise; written whole or not at all.")]
        public string Output { get; init; } = "";

        [CommandOption("--id-column <NAME>")]
        [Description("An input column to copy into the output as the row id (default: row numbers from 0).")]
        public string? IdColumn { get; init; }

        [CommandOption("--on-violation <POLICY>")]
        [Description("Rows that do not fit the model's training schema (unseen category, not a number): refuse (default: score nothing, exit 2) or report (score every row, list violations in OUTPUT.violations.csv).")]
        public string OnViolation { get; init; } = "refuse";
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        settings.Input.Length == 0 || settings.Output.Length == 0
            ? ValidationResult.Error("--input FILE and --output FILE are required")
            : ViolationPolicyOption.Parse(settings.OnViolation) is null
                ? ValidationResult.Error(ViolationPolicyOption.Error(settings.OnViolation))
                : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var input = Path.GetFullPath(settings.Input);
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            throw new UserException($"--input: {input} does not exist");
        }

        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        using var bundle = await BundleFiles.LoadAsync(host.Artifacts, version, Path.Combine(host.StateDirectory, "tmp", "bundles"), cancellationToken);
        using var scorer = LoadScorer(bundle);
        var policy = ViolationPolicyOption.Parse(settings.OnViolation)!.Value;
        InputSchemaGuard? guard;
        try
        {
            guard = InputSchemaGuard.FromBundle(bundle);
        }
        catch (InvalidDataException e)
        {
            throw new UserException($"{version.Reference}: the bundle's schema is not valid: {e.Message}");
        }

        var output = Path.GetFullPath(settings.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temp = $"{output}.{Environment.ProcessId}.tmp";
        var violationsFile = $"{output}.violations.csv";
        var violationsTemp = $"{violationsFile}.{Environment.ProcessId}.tmp";
        var report = guard is not null && policy == ViolationPolicy.Report;
        var clock = Stopwatch.StartNew();
        long rows;
        StreamingSchemaCheck? check = null;
        try
        {
            using (var table = TableFiles.OpenRead(input))
            using (var writer = TableFiles.CreateWriter(temp, TableFiles.IsParquet(output)))
            await using (var violationsWriter = report ? new StreamWriter(violationsTemp) { NewLine = "\n" } : null)
            {
                var violations = violationsWriter is null ? null : new ViolationsCsvWriter(violationsWriter, settings.IdColumn is not null);
                check = guard is null ? null : new StreamingSchemaCheck(guard, policy, violations is null ? null : violations.Write);
                var options = new BatchOptions(settings.IdColumn, check);
                rows = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
                    ? await ScoreWithProgressAsync(console, scorer, table, writer, options, clock, cancellationToken)
                    : BatchScoring.Score(scorer, table, writer, options, cancellationToken);
            }

            if (report)
            {
                File.Move(violationsTemp, violationsFile, overwrite: true);
            }

            File.Move(temp, output, overwrite: true);
        }
        catch (SchemaViolationException e)
        {
            var hint = check is { Tally.Total: > 0 } ? $"{Environment.NewLine}  --on-violation report scores every row and writes all violations to {Path.GetFileName(violationsFile)}" : "";
            throw new UserException(e.Message + hint);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(violationsTemp);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var metrics = new Dictionary<string, double> { ["rows_scored"] = rows, ["rows_per_second"] = Math.Round(rows / Math.Max(seconds, 1e-9)) };
        if (check is not null)
        {
            metrics["schema_violations"] = check.Tally.Total;
            metrics["rows_with_violations"] = check.Tally.Rows;
        }

        var trace = await PredictionLineage.RecordAsync(host.Metadata, host.Artifacts, version, input, output, settings.IdColumn,
            new PredictionLineage.Summary(check is null ? null : policy, metrics), TimeProvider.System, host.Root, cancellationToken);
        var ignored = check?.IgnoredColumns.Where(c => c != settings.IdColumn).ToList() ?? [];
        if (settings.Json)
        {
            var schema = check is null ? null : new
            {
                policy = policy.ToString().ToLowerInvariant(),
                violations = check.Tally.Total,
                rows_with_violations = check.Tally.Rows,
                by_column = check.Tally.Groups.Select(g => new { column = g.Column, problem = SchemaViolation.ProblemName(g.Kind), count = g.Count, example = g.Example }),
                ignored_columns = ignored,
                file = report ? violationsFile : null,
            };
            Json.Write(new
            {
                model = version.Reference,
                format = scorer.Format,
                rows,
                seconds,
                rows_per_second = rows / Math.Max(seconds, 1e-9),
                peak_memory_bytes = Process.GetCurrentProcess().PeakWorkingSet64,
                output,
                run = trace.RunId,
                predictions = trace.Predictions,
                schema,
            });
            return 0;
        }

        console.MarkupLine($"[green]scored {rows:N0} rows[/] with {Markup.Escape(version.Reference)} in {seconds:0.0}s ({rows / Math.Max(seconds, 1e-9):N0} rows/s) -> {Markup.Escape(output)}");
        console.MarkupLine($"traced as run {trace.RunId} (predictions {Format.Short(trace.Predictions)}): mlmax lineage {trace.RunId}/predict.predictions");
        PrintSchemaCheck(console, version.Reference, check, ignored, violationsFile);
        return 0;
    }

    private static BundleScorer LoadScorer(BundleFiles bundle)
    {
        try
        {
            return BundleScorer.Load(bundle);
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }
    }

    /// <summary>Scores with a progress bar: share of the input read, rows scored and rows/s.</summary>
    private static Task<long> ScoreWithProgressAsync(
        IAnsiConsole console, BundleScorer scorer, ITableReader table, IPredictionWriter writer, BatchOptions options, Stopwatch clock, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("scoring", maxValue: 1);
                await Task.Yield();
                return BatchScoring.Score(scorer, table, writer, options with
                {
                    Progress = p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = $"scored {p.Rows:N0} rows ({p.Rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} rows/s)";
                    },
                }, cancellationToken);
            });

    /// <summary>Says whether the input was checked, which columns were ignored, and the violations per column and problem.</summary>
    private static void PrintSchemaCheck(IAnsiConsole console, string reference, StreamingSchemaCheck? check, List<string> ignored, string violationsFile)
    {
        if (check is null)
        {
            console.MarkupLine($"[dim]{Markup.Escape(reference)} has no schema in its bundle: input not checked for training/serving skew[/]");
        }
        else
        {
            if (ignored.Count > 0)
            {
                console.MarkupLine($"[dim]ignored columns not in the model's schema: {Markup.Escape(string.Join(", ", ignored))}[/]");
            }

            if (check.Tally.Total > 0)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("column", "problem", "count", "example value");
                foreach (var g in check.Tally.Groups)
                {
                    table.AddRow(Markup.Escape(g.Column), SchemaViolation.ProblemName(g.Kind), g.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(g.Example ?? ""));
                }

                console.MarkupLine($"[yellow]{check.Tally.Total:N0} schema violation(s) in {check.Tally.Rows:N0} row(s)[/] (scored anyway: --on-violation report) -> {Markup.Escape(violationsFile)}");
                console.Write(table);
            }
        }
    }
}

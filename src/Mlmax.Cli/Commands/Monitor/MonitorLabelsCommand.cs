using System.ComponentModel;
using System.Globalization;
using Mlmax.Cli.Internal;
using Mlmax.Metadata;
using Mlmax.Monitoring.Labels;
using Mlmax.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Monitor;

/// <summary>
/// <c>mlmax monitor labels MODEL --input labels.csv</c>: joins labels that arrived later to the version's logged
/// predictions (served requests and batch inference runs) by id, and measures the model on them as its evaluation
/// did, overall and per day, week or month.
/// </summary>
internal sealed class MonitorLabelsCommand : AsyncCommand<MonitorLabelsCommand.Settings>
{
    internal sealed class Settings : MonitorSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS: the version whose predictions the labels are joined to.")]
        public string Labelled { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print machine-readable JSON instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("-i|--input <FILE>")]
        [Description("The labels: a CSV or Parquet file with a row id column and a true label column.")]
        public string? Input { get; init; }

        [CommandOption("--id-column <NAME>")]
        [Description("The labels' id column, matching the served requests' id column or the batch runs' id_column (row_id when rows were numbered). Default id.")]
        public string IdColumn { get; init; } = "id";

        [CommandOption("--label-column <NAME>")]
        [Description("The labels' true label column (default label): true/false, 1/0 or yes/no, unless --positive is given.")]
        public string LabelColumn { get; init; } = "label";

        [CommandOption("--positive <VALUE>")]
        [Description("The label value of the positive class (e.g. '50000+.'); every other value is the negative class.")]
        public string? Positive { get; init; }

        [CommandOption("--by <BUCKET>")]
        [Description("Group the metrics by when the predictions were made: day (default), week or month (UTC).")]
        public string By { get; init; } = "day";
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        string.IsNullOrWhiteSpace(settings.Input) ? ValidationResult.Error("--input FILE is required: the labels, a CSV with an id column and a label column")
        : Bucket(settings.By) is null ? ValidationResult.Error($"--by must be day, week or month, got '{settings.By}'")
        : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(settings.Input!);
        if (!File.Exists(input))
        {
            throw new UserException($"--input {settings.Input}: no such file");
        }

        LabelSet labels;
        try
        {
            labels = LabelFile.Read(input, settings.IdColumn, settings.LabelColumn, settings.Positive);
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }

        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Labelled, cancellationToken);
        var scratch = Path.Combine(host.StateDirectory, "tmp", "labels-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (predictions, runs) = await LoggedPredictions.ReadAsync(host, version, scratch, cancellationToken);
            var evaluation = LabelEvaluator.Evaluate(labels, predictions, Bucket(settings.By)!.Value);
            var check = evaluation.Overall is null ? null : await RecordAsync(host, version, labels, runs, evaluation, scratch, cancellationToken);
            Write(settings, version, labels, predictions.Count, runs, evaluation, check);
            return 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>
    /// Records the evaluation as a monitoring check of kind <c>labels</c> (its metrics on the source, the window of the
    /// predictions it joined, the evaluation as its hash-addressed report), so <c>mlmax monitor</c>'s report plots the
    /// metrics over time and <c>mlmax monitor history</c> lists it.
    /// </summary>
    private static async Task<MonitorCheckRecord> RecordAsync(
        ProjectHost host, ModelVersionRecord version, LabelSet labels, List<string> runs, LabelEvaluation evaluation, string scratch, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var record = new MonitorCheckRecord
        {
            Id = "chk-" + Execution.RunPlanner.NewRunId(TimeProvider.System),
            Model = version.Name,
            Version = version.Version,
            Source = new MonitorSource
            {
                Kind = MonitorSource.LabelsKind,
                WindowStart = evaluation.Buckets.Count > 0 ? evaluation.Buckets[0].Start : null,
                WindowEnd = now,
                Metrics = evaluation.Overall!.ToDictionary(),
            },
            CheckedAt = now,
            Drifted = false,
            DriftedFeatures = [],
            WorstPsi = null,
            ThresholdsJson = "{}",
            ReportArtifact = "",
        };
        var document = System.Text.Json.JsonSerializer.Serialize(new
        {
            check = record.Id,
            model = version.Reference,
            labels = labels.Source,
            matched = evaluation.Matched,
            unmatched = evaluation.Unmatched,
            duplicates = evaluation.Duplicates,
            runs,
            metrics = evaluation.Overall.ToDictionary(),
            buckets = evaluation.Buckets.Select(b => new { start = b.Start, rows = b.Metrics.Rows, metrics = b.Metrics.ToDictionary() }),
        });
        return await Internal.Monitoring.CheckDocument.SaveAsync(host, record, document, Path.Combine(scratch, "check"), cancellationToken);
    }

    private static TimeBucket? Bucket(string text) => text.ToLowerInvariant() switch
    {
        "day" => TimeBucket.Day,
        "week" => TimeBucket.Week,
        "month" => TimeBucket.Month,
        _ => null,
    };

    private static void Write(Settings settings, ModelVersionRecord version, LabelSet labels, int predictions, List<string> runs, LabelEvaluation evaluation, MonitorCheckRecord? check)
    {
        if (settings.Json)
        {
            Json.Write(new
            {
                model = version.Reference,
                check = check?.Id,
                labels = labels.Source,
                by = settings.By.ToLowerInvariant(),
                label_rows = evaluation.Labels,
                matched = evaluation.Matched,
                unmatched = evaluation.Unmatched,
                duplicates = evaluation.Duplicates,
                predictions_read = predictions,
                runs,
                sources = evaluation.Sources,
                metrics = evaluation.Overall?.ToDictionary(),
                buckets = evaluation.Buckets.Select(b => new { start = Format(b.Start), rows = b.Metrics.Rows, metrics = b.Metrics.ToDictionary() }),
            });
            return;
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(version.Reference)}[/] against {Markup.Escape(labels.Source)}: {evaluation.Labels:N0} label rows, "
            + $"[green]{evaluation.Matched:N0} matched[/], {evaluation.Unmatched:N0} unmatched, {evaluation.Duplicates:N0} duplicate(s); "
            + $"{predictions:N0} predictions read (served requests and {runs.Count} batch run(s))");
        if (evaluation.Overall is null)
        {
            AnsiConsole.MarkupLine("[yellow]no label matched a logged prediction:[/] check --id-column, and that the requests carried ids (mlmax serve --id-column) or the batch runs an id_column");
            return;
        }

        var names = new[] { "auc", "accuracy", "precision", "recall", "f1", "log_loss" };
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"by {settings.By.ToLowerInvariant()}"))
            .AddColumns(["from", "rows", .. names, "tp", "fp", "tn", "fn"]);
        foreach (var bucket in evaluation.Buckets)
        {
            table.AddRow(Row(Format(bucket.Start), bucket.Metrics, names));
        }

        table.AddRow(Row("[bold]all[/]", evaluation.Overall, names));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]recorded as check {check!.Id}: mlmax monitor's report plots the metrics over time[/]");
    }

    private static string[] Row(string label, BinaryMetrics metrics, string[] names)
    {
        var values = metrics.ToDictionary();
        return [label, metrics.Rows.ToString("N0", CultureInfo.InvariantCulture),
            .. names.Select(n => values.TryGetValue(n, out var v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : ""),
            .. new[] { metrics.Tp, metrics.Fp, metrics.Tn, metrics.Fn }.Select(n => n.ToString(CultureInfo.InvariantCulture))];
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

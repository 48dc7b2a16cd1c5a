using System.ComponentModel;
using System.Diagnostics;
using Mlmax.Cli.Internal;
using Mlmax.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax predict MODEL --input FILE --output FILE</c>: batch scoring with a registered version's bundle, traced.</summary>
internal sealed class PredictCommand : AsyncCommand<PredictCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("NAME (latest), NAME:VERSION or NAME@ALIAS.")]
        public string Model { get; init; } = "";

        [CommandOption("-i|--input <FILE>")]
        [Description("A CSV file with a header row.")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <FILE>")]
        [Description("Where to write the predictions (CSV); written whole or not at all.")]
        public string Output { get; init; } = "";

        [CommandOption("--id-column <NAME>")]
        [Description("An input column to copy into the output as the row id (default: row numbers from 0).")]
        public string? IdColumn { get; init; }
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        settings.Input.Length == 0 || settings.Output.Length == 0
            ? ValidationResult.Error("--input FILE and --output FILE are required")
            : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var input = Path.GetFullPath(settings.Input);
        if (!File.Exists(input))
        {
            throw new UserException($"--input: {input} does not exist");
        }

        var console = settings.Json ? ConsoleOutput.Error : AnsiConsole.Console;
        using var bundle = await BundleFiles.LoadAsync(host.Artifacts, version, Path.Combine(host.StateDirectory, "tmp", "bundles"), cancellationToken);
        var scorer = MlNetBundleScorer.Load(bundle);
        var output = Path.GetFullPath(settings.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temp = $"{output}.{Environment.ProcessId}.tmp";
        var clock = Stopwatch.StartNew();
        long rows;
        try
        {
            await using (var writer = new StreamWriter(temp))
            {
                rows = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
                    ? await console.Status().StartAsync("scoring...", async status =>
                    {
                        await Task.Yield();
                        return scorer.ScoreCsv(input, writer, settings.IdColumn,
                            n => status.Status($"scored {n:N0} rows ({n / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} rows/s)"), cancellationToken);
                    })
                    : scorer.ScoreCsv(input, writer, settings.IdColumn, null, cancellationToken);
            }

            File.Move(temp, output, overwrite: true);
        }
        catch (SchemaViolationException e)
        {
            throw new UserException(e.Message);
        }
        finally
        {
            File.Delete(temp);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var trace = await PredictionLineage.RecordAsync(host.Metadata, host.Artifacts, version, input, output, settings.IdColumn, TimeProvider.System, host.Root, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { model = version.Reference, rows, seconds, rows_per_second = rows / Math.Max(seconds, 1e-9), output, run = trace.RunId, predictions = trace.Predictions });
            return 0;
        }

        console.MarkupLine($"[green]scored {rows:N0} rows[/] with {Markup.Escape(version.Reference)} in {seconds:0.0}s ({rows / Math.Max(seconds, 1e-9):N0} rows/s) -> {Markup.Escape(output)}");
        console.MarkupLine($"traced as run {trace.RunId} (predictions {Format.Short(trace.Predictions)}): mlmax lineage {trace.RunId}/predict.predictions");
        return 0;
    }
}

using System.Globalization;
using System.Text.Json;
using Mlmax.Metadata;
using Mlmax.Monitoring.Drift;
using Mlmax.Registry;
using Spectre.Console;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>What <c>mlmax monitor</c> prints: the checks over time, the latest check's tables, the report's path; or JSON.</summary>
internal static class MonitorOutput
{
    /// <summary>
    /// The check's document (one check), or the checks since a time with the latest's document; for a window of served
    /// requests, the document with what the window held under <c>requests</c>.
    /// </summary>
    public static void WriteJson(ModelVersionRecord version, IReadOnlyList<MonitorCheck> checks, DateTimeOffset? since, string report, object? requests = null)
    {
        var latest = checks[^1];
        var document = CheckDocument.Write(latest.Record, version.Reference, latest.Input, latest.Predictions, report);
        if (requests is not null)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(document)!.AsObject();
            node["requests"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(requests));
            Console.Out.Write(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return;
        }

        if (since is null)
        {
            Console.Out.Write(document);
            return;
        }

        var summary = checks.Select(c => new
        {
            check = c.Record.Id,
            checked_at = c.Record.CheckedAt,
            run = c.Record.Source.RunId,
            step = c.Record.Source.Step,
            drifted = c.Record.Drifted,
            drifted_features = c.Record.DriftedFeatures,
            worst_psi = c.Record.WorstPsi,
            reused = c.Reused,
        });
        Console.Out.Write($"{{\"model\": {JsonSerializer.Serialize(version.Reference)}, \"since\": {JsonSerializer.Serialize(since)}, \"report\": {JsonSerializer.Serialize(report)},\n"
            + $"\"checks\": {JsonSerializer.Serialize(summary, Json.Options)},\n\"latest\": {document.TrimEnd()}}}\n");
    }

    public static void WriteOverTime(ModelVersionRecord version, IReadOnlyList<MonitorCheck> checks, DateTimeOffset since)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{version.Reference}: {checks.Count} batch(es) since {Format.Time(since)}, oldest first"))
            .AddColumns("checked", "check", "run", "rows", "drifted", "worst psi", "");
        foreach (var c in checks)
        {
            table.AddRow(
                Format.Time(c.Record.CheckedAt),
                Markup.Escape(c.Record.Id),
                Markup.Escape(c.Run?.Id ?? c.Record.Source.Describe()),
                c.Input.BatchRows.ToString("N0", CultureInfo.InvariantCulture),
                c.Record.DriftedFeatures.Count == 0 ? "[green]0[/]" : $"[yellow]{c.Record.DriftedFeatures.Count}[/]",
                Number(c.Record.WorstPsi),
                c.Reused ? "[grey]recorded[/]" : "new");
        }

        AnsiConsole.Write(table);
    }

    public static void WriteCheck(ModelVersionRecord version, MonitorCheck check, bool driftedOnly)
    {
        var (run, input, predictions) = (check.Run, check.Input, check.Predictions);
        var against = run is null
            ? $"served {Markup.Escape(check.Record.Source.Describe())}"
            : $"run {run.Id} ({Markup.Escape(run.Pipeline)}/{Markup.Escape(check.Record.Source.Step ?? "")})";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(version.Reference)}[/] against {against}: "
            + $"{input.BatchRows:N0} rows scored, {input.BaselineRows:N0} rows in the training split");
        AnsiConsole.Write(Table("input", input, driftedOnly));
        if (predictions is not null)
        {
            AnsiConsole.Write(Table("predictions", predictions, driftedOnly));
        }

        foreach (var note in input.Notes.Concat(predictions?.Notes ?? []))
        {
            AnsiConsole.MarkupLine($"[grey]note: {Markup.Escape(note)}[/]");
        }

        var drifted = check.Record.DriftedFeatures;
        AnsiConsole.MarkupLine(drifted.Count == 0
            ? "[green]no threshold crossed[/]"
            : $"[yellow]{drifted.Count} feature(s) crossed a threshold:[/] {Markup.Escape(string.Join(", ", drifted))} (docs/monitoring.md)");
    }

    public static void WriteHistory(string model, IReadOnlyList<MonitorCheckRecord> checks, DateTimeOffset? since)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{model}: {checks.Count} recorded check(s){(since is { } s ? $" since {Format.Time(s)}" : "")}, oldest first"))
            .AddColumns("checked", "check", "version", "source", "drifted", "worst psi", "metrics", "report");
        foreach (var c in checks)
        {
            table.AddRow(
                Format.Time(c.CheckedAt),
                Markup.Escape(c.Id),
                c.Version.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(c.Source.Describe()),
                c.Drifted ? $"[yellow]{Markup.Escape(string.Join(", ", c.DriftedFeatures))}[/]" : "[green]none[/]",
                Number(c.WorstPsi),
                Markup.Escape(string.Join(", ", (c.Source.Metrics ?? new Dictionary<string, double>()).Select(m => $"{m.Key} {Format.Metric(m.Value)}"))),
                Format.Short(c.ReportArtifact));
        }

        AnsiConsole.Write(table);
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

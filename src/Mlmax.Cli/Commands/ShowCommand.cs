using System.ComponentModel;
using System.Text.Json;
using Mlmax.Cli.Internal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax show RUN</c>: one run in full.</summary>
internal sealed class ShowCommand : AsyncCommand<ShowCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("The run id, or a unique prefix of it.")]
        public string Run { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var run = await host.Metadata.GetRunAsync(settings.Run, cancellationToken)
            ?? throw new UserException($"no run '{settings.Run}' (see: mlmax runs)");
        var steps = await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken);
        var checks = await host.Metadata.ListMonitorChecksOfRunAsync(run.Id, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new
            {
                run = run.Id,
                pipeline = run.Pipeline,
                status = RunLiveness.Effective(run),
                started_at = run.StartedAt,
                ended_at = run.EndedAt,
                error = run.Error,
                owner = run.Owner,
                trigger = run.Trigger,
                definition_version = run.DefinitionVersion,
                parameters = Json.Parse(run.ParametersJson),
                inputs = Json.Parse(run.InputsJson),
                environment = Json.Parse(run.EnvironmentJson),
                steps = steps.Select(s => new
                {
                    step = s.Step,
                    status = s.Status,
                    attempts = s.Attempts,
                    started_at = s.StartedAt,
                    ended_at = s.EndedAt,
                    reused_from = s.ReusedFrom,
                    cache_key = s.CacheKey,
                    inputs = s.Inputs,
                    outputs = s.Outputs,
                    metrics = s.Metrics,
                    log = s.LogPath is null ? null : s.LogPath.StartsWith("sha256:", StringComparison.Ordinal) ? s.LogPath : Path.Combine(host.StateDirectory, s.LogPath),
                    error = s.Error,
                }),
                monitor_checks = checks.Select(c => new
                {
                    check = c.Id,
                    model = $"{c.Model}:{c.Version}",
                    step = c.Source.Step,
                    checked_at = c.CheckedAt,
                    drifted = c.Drifted,
                    drifted_features = c.DriftedFeatures,
                    report_artifact = c.ReportArtifact,
                }),
            });
            return 0;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]run[/]", run.Id);
        grid.AddRow("[bold]pipeline[/]", Markup.Escape(run.Pipeline));
        grid.AddRow("[bold]status[/]", Format.Status(RunLiveness.Effective(run)) + (run.Error is null ? "" : $" {Markup.Escape(run.Error)}"));
        grid.AddRow("[bold]started[/]", $"{Format.Time(run.StartedAt)} ({Format.Duration(run.StartedAt, run.EndedAt)})");
        grid.AddRow("[bold]trigger[/]", Markup.Escape(run.Trigger?.Describe() ?? "manual"));
        grid.AddRow("[bold]definition[/]", Markup.Escape(run.DefinitionVersion));
        grid.AddRow("[bold]parameters[/]", Markup.Escape(string.Join(", ", Json.Parse(run.ParametersJson).EnumerateObject().Select(p => $"{p.Name}={p.Value}"))));
        foreach (var input in Json.Parse(run.InputsJson).EnumerateObject())
        {
            grid.AddRow($"[bold]input {Markup.Escape(input.Name)}[/]",
                Markup.Escape($"{input.Value.GetProperty("artifact").GetString()} ({input.Value.GetProperty("source").GetString()})"));
        }

        var env = JsonSerializer.Deserialize<Dictionary<string, string>>(run.EnvironmentJson) ?? [];
        grid.AddRow("[bold]environment[/]", Markup.Escape(string.Join(", ", env.Select(e => $"{e.Key}={e.Value}"))));
        AnsiConsole.Write(grid);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "status", "time", "inputs", "outputs", "metrics");
        foreach (var s in steps)
        {
            table.AddRow(
                Markup.Escape(s.Step),
                Format.Status(s.Status) + (s.ReusedFrom is null ? "" : $"\n[grey]from {Markup.Escape(s.ReusedFrom)}[/]"),
                Format.Duration(s.StartedAt, s.EndedAt),
                Markup.Escape(string.Join("\n", s.Inputs.Select(o => $"{o.Key} {Format.Short(o.Value)}"))),
                Markup.Escape(string.Join("\n", s.Outputs.Select(o => $"{o.Key} {Format.Short(o.Value)}"))),
                Markup.Escape(string.Join(", ", s.Metrics.Select(m => $"{m.Key} {Format.Metric(m.Value)}"))));
        }

        AnsiConsole.Write(table);
        foreach (var c in checks)
        {
            AnsiConsole.MarkupLine($"monitored: check {Markup.Escape(c.Id)} of {Markup.Escape($"{c.Model}:{c.Version}")} on {Format.Time(c.CheckedAt)}: "
                + (c.Drifted ? $"[yellow]{Markup.Escape(string.Join(", ", c.DriftedFeatures))}[/] crossed a threshold" : "[green]no threshold crossed[/]")
                + $" (report {Format.Short(c.ReportArtifact)}; mlmax monitor history {Markup.Escape(c.Model)})");
        }

        foreach (var s in steps.Where(s => s.Error is not null && s.Status == Metadata.RunStatus.Failed))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(s.Step)}:[/] {Markup.Escape(s.Error!)}");
            if (s.LogPath is { } log && log.StartsWith("sha256:", StringComparison.Ordinal))
            {
                AnsiConsole.MarkupLine($"  its log, kept in the artifact store by the worker that ran it: [bold]mlmax export {Markup.Escape(log)} DIR[/]");
            }
        }

        return 0;
    }
}

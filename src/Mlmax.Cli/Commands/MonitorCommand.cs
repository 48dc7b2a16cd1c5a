using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Cli.Internal.Monitoring;
using Mlmax.Monitoring.Alerts;
using Mlmax.Metadata;
using Mlmax.Monitoring.Baselines;
using Mlmax.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary>
/// <c>mlmax monitor MODEL [--run RUN | --since WHEN]</c>: data quality and drift of batch inference runs' input and
/// predictions (or, with <c>--requests</c>, of the served rows it logged in a window) against the baselines in the model
/// version's bundle. Each check is recorded (its report an artifact),
/// an HTML report is written, and when the latest check crosses a threshold the configured alerts fire and it exits 1.
/// </summary>
internal sealed class MonitorCommand : AsyncCommand<MonitorCommand.Settings>
{
    internal sealed class Settings : MonitorSettings
    {
        [CommandOption("--json")]
        [Description("Print machine-readable JSON instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--drifted")]
        [Description("List only the features that crossed a threshold.")]
        public bool DriftedOnly { get; init; }

        [CommandOption("--run <RUN>")]
        [Description("The inference run to check (default: the latest succeeded run that scored with that version).")]
        public string? Run { get; init; }

        [CommandOption("--since <WHEN>")]
        [Description("Check every succeeded run that scored with that version since WHEN (24h, 7d, 2026-03-01, 2026-03-01T12:00Z), oldest first; runs already checked with the same thresholds are not checked again. With --requests: the window's start (default 24h).")]
        public string? Since { get; init; }

        [CommandOption("--requests")]
        [Description("Check the served rows the version logged (mlmax serve --log-requests) since --since, instead of batch runs.")]
        public bool Requests { get; init; }

        [CommandOption("--threshold <NAME=VALUE>")]
        [Description("Override a threshold of mlmax.yaml's monitoring: section: psi=0.3, or per feature age.psi=0.1 (repeatable).")]
        public string[] Thresholds { get; init; } = [];

        [CommandOption("--report <PATH>")]
        [Description("Where to write the HTML report (default: .mlmax/reports/monitor-MODEL-VERSION-TIME.html).")]
        public string? Report { get; init; }

        public override ValidationResult Validate() =>
            Model.Length == 0 ? ValidationResult.Error("name the model: mlmax monitor MODEL (NAME, NAME:VERSION or NAME@ALIAS), or mlmax monitor history NAME")
            : Requests && Run is not null ? ValidationResult.Error("--requests and --run exclude each other: check logged requests or one batch run")
            : Run is not null && Since is not null ? ValidationResult.Error("--run and --since are exclusive: check one run, or every run since a time")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var time = TimeProvider.System;
        var since = settings.Since is null ? (DateTimeOffset?)null : SinceOption.Parse(settings.Since, time);
        var monitoring = host.Settings.Monitoring ?? new Definitions.MonitoringSettings();
        var thresholds = MonitorThresholds.Build(monitoring, KeyValueParser.Parse(settings.Thresholds, "--threshold"));
        var version = await ModelResolver.ResolveAsync(host, settings.Model, cancellationToken);
        var batches = settings.Requests ? [] : await MonitorBatches.FindAsync(host, version, settings.Run, since, cancellationToken);
        var scratch = Path.Combine(host.StateDirectory, "tmp", "monitor-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var bundle = await BundleFiles.LoadAsync(host.Artifacts, version, Path.Combine(scratch, "bundle"), cancellationToken);
            var inputBaseline = Baseline.FromBundle(bundle)
                ?? throw new UserException($"{version.Reference} has no baseline in its bundle (role 'baseline'): add one to the model's bundle: section and re-train");
            foreach (var warning in MonitorThresholds.Strangers(monitoring, thresholds, inputBaseline))
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            var checker = new MonitorChecker(host, version, inputBaseline, Baseline.PredictionsFromBundle(bundle), thresholds, scratch, time);
            var checks = new List<MonitorCheck>();
            foreach (var (run, step) in batches)
            {
                checks.Add(await checker.CheckAsync(run, step, reuse: since is not null, cancellationToken));
            }

            string? window = null;
            object? requests = null;
            if (settings.Requests)
            {
                var until = time.GetUtcNow();
                var from = since ?? until - Monitor.RequestWindowCheck.DefaultWindow;
                var result = await Monitor.RequestWindowCheck.AnalyzeAsync(
                    host, version, inputBaseline, Baseline.PredictionsFromBundle(bundle), thresholds, from, until, scratch, cancellationToken);
                checks.Add(await checker.RecordAsync(MonitorSource.ForRequests(from, until), result.Input, result.Predictions, cancellationToken));
                window = Monitor.RequestWindowCheck.Describe(result, from, until);
                requests = Monitor.RequestWindowCheck.ToJson(result, from, until);
                since = null;
            }

            var latest = checks[^1];
            var report = settings.Report ?? MonitorHtml.DefaultPath(host, version, latest.Record.CheckedAt);
            var history = await MonitorHtml.HistoryAsync(host, version, checker, cancellationToken);
            await MonitorHtml.WriteAsync(report, MonitorHtml.Of(version, latest, history, thresholds.Global.Psi), cancellationToken);
            report = Path.GetFullPath(report);

            if (settings.Json)
            {
                MonitorOutput.WriteJson(version, checks, since, report, requests);
            }
            else
            {
                if (since is { } s)
                {
                    MonitorOutput.WriteOverTime(version, checks, s);
                }

                if (window is not null)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(window));
                }

                MonitorOutput.WriteCheck(version, latest, settings.DriftedOnly);
                AnsiConsole.MarkupLine($"report: {Markup.Escape(report)}");
            }

            foreach (var check in checks.Where(c => c.Record.Drifted && !c.Reused))
            {
                await MonitorAlerts.FireAsync(monitoring.Alerts, DriftAlert.Of(check.Record, check.Input, check.Predictions, check == latest ? report : null), cancellationToken);
            }

            if (latest.Record.Drifted && !latest.Reused)
            {
                await AlertRuns.StartAsync(host, monitoring.Alerts, version, latest.Record, cancellationToken);
            }

            return latest.Record.Drifted ? 1 : 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}

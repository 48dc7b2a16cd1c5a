using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Scheduling;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Schedule;

/// <summary><c>mlmax schedule add PIPELINE --cron EXPR</c>: store a schedule in the metadata database.</summary>
internal sealed class ScheduleAddCommand : AsyncCommand<ScheduleAddCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline to run.")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--cron <EXPR>")]
        [Description("When: five-field crontab, minute hour day-of-month month day-of-week (\"0 3 * * *\": every day at 03:00), or @daily, @hourly, ...")]
        public string? Cron { get; init; }

        [CommandOption("--tz <ZONE>")]
        [Description("The IANA time zone the cron expression is read in (default: UTC), e.g. Europe/London.")]
        public string? TimeZone { get; init; }

        [CommandOption("--id <ID>")]
        [Description("The schedule's id (default: the pipeline's name).")]
        public string? Id { get; init; }

        [CommandOption("--param <NAME=VALUE>")]
        [Description("A parameter override for every run (repeatable).")]
        public string[] Params { get; init; } = [];

        [CommandOption("-i|--input <NAME=VALUE>")]
        [Description("An input binding for every run (repeatable): a path, s3://BUCKET/KEY (read at each run), run:RUN_ID or an artifact id.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--misfire <POLICY>")]
        [Description("Slots missed while no scheduler ran: run-once (default: one run on wake-up) or skip.")]
        public string? Misfire { get; init; }

        [CommandOption("--overlap <POLICY>")]
        [Description("A slot due while the previous run goes on: skip (default) or queue (run it after).")]
        public string? Overlap { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Cron) ? ValidationResult.Error("--cron is required, e.g. --cron \"0 3 * * *\"") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var pipeline = host.LoadPipeline(settings.Pipeline);
        var parameters = KeyValueParser.Parse(settings.Params, "--param");
        var inputs = KeyValueParser.Parse(settings.Inputs, "--input");
        var problems = new List<string>();
        RunPlanner.BindParameters(pipeline, parameters, problems);
        problems.AddRange(inputs.Keys.Where(n => pipeline.Inputs.All(i => i.Name != n))
            .Select(n => $"unknown input '{n}' (inputs of {pipeline.Name}: {string.Join(", ", pipeline.Inputs.Select(i => i.Name))})"));
        if (problems.Count > 0)
        {
            throw new UserException(string.Join("\n", problems));
        }

        var spec = new ScheduleSpec
        {
            Id = settings.Id ?? pipeline.Name,
            Pipeline = pipeline.Name,
            Cron = settings.Cron!.Trim(),
            TimeZone = settings.TimeZone ?? "UTC",
            Parameters = parameters,
            Inputs = inputs,
            Misfire = Schedules.ParseMisfire(settings.Misfire),
            Overlap = Schedules.ParseOverlap(settings.Overlap),
        };
        await using var book = await Schedules.OpenAsync(host, cancellationToken);
        ScheduleState added;
        try
        {
            added = await book.AddAsync(spec, cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new UserException(e.Message);
        }

        if (settings.Json)
        {
            Json.Write(Schedules.ToJson(added));
            return 0;
        }

        AnsiConsole.MarkupLine($"schedule [bold]{Markup.Escape(spec.Id)}[/] runs {Markup.Escape(spec.Pipeline)} at {Markup.Escape(spec.Cron)} ({Markup.Escape(spec.TimeZone)}); "
            + $"next: {Markup.Escape(string.Join(", ", added.NextFires.Select(f => Schedules.Slot(f, spec.TimeZone))))}");
        AnsiConsole.MarkupLine("[grey]slots fire while [bold]mlmax scheduler[/] runs for this project's metadata database[/]");
        return 0;
    }
}

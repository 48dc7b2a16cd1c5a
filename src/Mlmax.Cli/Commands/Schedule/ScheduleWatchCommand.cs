using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Execution;
using Mlmax.Scheduling;
using Mlmax.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Schedule;

/// <summary><c>mlmax schedule watch PIPELINE --path DIR|s3://... --input NAME</c>: a run for each new file.</summary>
internal sealed class ScheduleWatchCommand : AsyncCommand<ScheduleWatchCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline to run.")]
        public string Pipeline { get; init; } = "";

        [CommandOption("--path <PATH>")]
        [Description("What to watch: a directory (relative to the project) or s3://BUCKET/PREFIX.")]
        public string? Path { get; init; }

        [CommandOption("-i|--input <NAME>")]
        [Description("The pipeline input each new file is bound to (of type file; with --batch, of type directory).")]
        public string? Input { get; init; }

        [CommandOption("--pattern <GLOB>")]
        [Description("The file names taken (* and ?), default *, e.g. \"*.csv\".")]
        public string? Pattern { get; init; }

        [CommandOption("--batch")]
        [Description("One run per poll over all the new files (as a directory) rather than one run per file.")]
        public bool Batch { get; init; }

        [CommandOption("--poll <DURATION>")]
        [Description("How often the path is listed (default 30s), e.g. 10s, 5m.")]
        public string? Poll { get; init; }

        [CommandOption("--id <ID>")]
        [Description("The watch's id (default: PIPELINE.watch).")]
        public string? Id { get; init; }

        [CommandOption("--param <NAME=VALUE>")]
        [Description("A parameter override for every run (repeatable).")]
        public string[] Params { get; init; } = [];

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Path) ? ValidationResult.Error("--path is required, e.g. --path incoming/ or --path s3://bucket/prefix")
            : string.IsNullOrWhiteSpace(Input) ? ValidationResult.Error("--input is required: the pipeline input each new file is bound to")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var pipeline = host.LoadPipeline(settings.Pipeline);
        var parameters = KeyValueParser.Parse(settings.Params, "--param");
        var problems = new List<string>();
        RunPlanner.BindParameters(pipeline, parameters, problems);
        var expected = settings.Batch ? InputKind.Directory : InputKind.File;
        if (pipeline.Inputs.FirstOrDefault(i => i.Name == settings.Input) is not { } input)
        {
            problems.Add($"unknown input '{settings.Input}' (inputs of {pipeline.Name}: {string.Join(", ", pipeline.Inputs.Select(i => i.Name))})");
        }
        else if (input.Kind != expected)
        {
            problems.Add($"input '{input.Name}' is of type {input.Kind.ToString().ToLowerInvariant()}: a watch binds {(settings.Batch ? "a directory of the new files (type directory)" : "one file (type file; --batch binds a directory)")}");
        }

        if (problems.Count > 0)
        {
            throw new UserException(string.Join("\n", problems));
        }

        var spec = new WatchSpec
        {
            Id = settings.Id ?? $"{pipeline.Name}.watch",
            Pipeline = pipeline.Name,
            Path = DeclaredSchedules.WatchPath(host, settings.Path!),
            Input = settings.Input!,
            Pattern = settings.Pattern ?? "*",
            Batch = settings.Batch,
            Poll = Schedules.ParsePoll(settings.Poll),
            Parameters = parameters,
        };
        await using var book = await Schedules.OpenAsync(host, cancellationToken);
        WatchState added;
        try
        {
            added = await book.AddWatchAsync(spec, cancellationToken);
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

        AnsiConsole.MarkupLine($"watch [bold]{Markup.Escape(spec.Id)}[/] runs {Markup.Escape(spec.Pipeline)} for each new {Markup.Escape(spec.Pattern)} under {Markup.Escape(spec.Path)} "
            + $"(bound to input {Markup.Escape(spec.Input)}{(spec.Batch ? ", one run per poll" : string.Empty)}), listed every {spec.Poll.TotalSeconds:0}s");
        AnsiConsole.MarkupLine("[grey]files are taken while [bold]mlmax scheduler[/] runs for this project's metadata database[/]");
        return 0;
    }
}

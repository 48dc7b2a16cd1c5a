using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Scheduling;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Schedule;

/// <summary>The settings of <c>mlmax schedule pause|resume|remove ID</c>.</summary>
internal sealed class ScheduleIdSettings : ProjectCommandSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The schedule's or watch's id (see: mlmax schedule list).")]
    public string Id { get; init; } = "";
}

/// <summary><c>mlmax schedule pause ID</c>: no slot fires until it is resumed.</summary>
internal sealed class SchedulePauseCommand : ScheduleChangeCommand
{
    protected override string Done => "paused: nothing fires (no slot, no poll) until it is resumed";

    protected override Task<bool> ChangeAsync(ScheduleBook book, string id, CancellationToken cancellationToken) => book.PauseAsync(id, cancellationToken);
}

/// <summary><c>mlmax schedule resume ID</c>: its slots fire again; those missed while paused go by its misfire policy.</summary>
internal sealed class ScheduleResumeCommand : ScheduleChangeCommand
{
    protected override string Done => "resumed: the slots it missed while paused go by its misfire policy";

    protected override Task<bool> ChangeAsync(ScheduleBook book, string id, CancellationToken cancellationToken) => book.ResumeAsync(id, cancellationToken);
}

/// <summary><c>mlmax schedule remove ID</c>: the schedule is gone; its runs keep their trigger.</summary>
internal sealed class ScheduleRemoveCommand : ScheduleChangeCommand
{
    protected override string Done => "removed (the runs it started keep it as their trigger)";

    protected override async Task<bool> ChangeAsync(ScheduleBook book, string id, CancellationToken cancellationToken)
    {
        if (await book.IsDeclaredAsync(id, cancellationToken))
        {
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            throw new UserException($"'{id}' is declared in pipelines/{id[..dot]}.yaml ('{id[(dot + 1)..]}' under schedules: or watches:): "
                + $"remove it there, then run mlmax schedule sync (a running mlmax scheduler syncs by itself); mlmax schedule pause {id} stops it meanwhile");
        }

        return await book.RemoveAsync(id, cancellationToken);
    }
}

/// <summary>A change to one schedule, by id.</summary>
internal abstract class ScheduleChangeCommand : AsyncCommand<ScheduleIdSettings>
{
    protected abstract string Done { get; }

    public override async Task<int> ExecuteAsync(CommandContext context, ScheduleIdSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        await using var book = await Schedules.OpenAsync(host, cancellationToken);
        if (!await ChangeAsync(book, settings.Id, cancellationToken))
        {
            throw new UserException($"no schedule or watch '{settings.Id}' (see: mlmax schedule list)");
        }

        if (settings.Json)
        {
            Json.Write(await book.GetAsync(settings.Id, cancellationToken) is { } state ? Schedules.ToJson(state)
                : await book.GetWatchAsync(settings.Id, cancellationToken) is { } watch ? Schedules.ToJson(watch)
                : new { schedule = settings.Id, removed = true });
        }
        else
        {
            AnsiConsole.MarkupLine($"schedule [bold]{Markup.Escape(settings.Id)}[/] {Done}");
        }

        return 0;
    }

    protected abstract Task<bool> ChangeAsync(ScheduleBook book, string id, CancellationToken cancellationToken);
}

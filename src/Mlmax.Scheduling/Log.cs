using Microsoft.Extensions.Logging;

namespace Mlmax.Scheduling;

/// <summary>The scheduler's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Trigger}: started {Pipeline} run {Run}{Recovered}")]
    private static partial void StartedCore(ILogger logger, string trigger, string pipeline, string run, string recovered);

    [LoggerMessage(2, LogLevel.Debug, "{Trigger}: run {Run} has ended")]
    public static partial void Ended(ILogger logger, string trigger, string run);

    [LoggerMessage(3, LogLevel.Information, "{Trigger}: already started run {Run}; nothing more to start")]
    public static partial void AlreadyStarted(ILogger logger, string trigger, string run);

    [LoggerMessage(4, LogLevel.Error, "{Trigger}: could not start {Pipeline}: {Message}")]
    public static partial void LaunchFailed(ILogger logger, Exception exception, string trigger, string pipeline, string message);

    [LoggerMessage(5, LogLevel.Warning, "watch {Watch}: could not list {Path}: {Message}")]
    public static partial void WatchListFailed(ILogger logger, Exception exception, string watch, string path, string message);

    [LoggerMessage(6, LogLevel.Debug, "watch {Watch}: {Listed} file(s), {Waiting} still changing, {New} new")]
    public static partial void Polled(ILogger logger, string watch, int listed, int waiting, int @new);

    public static void Started(ILogger logger, string trigger, string pipeline, string run, bool recovered) =>
        StartedCore(logger, trigger, pipeline, run, recovered ? " (a firing recovered after its scheduler stopped)" : string.Empty);
}

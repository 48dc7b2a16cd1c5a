using Microsoft.Extensions.Logging;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Models;

namespace Mlmax.Serving;

/// <summary>The server's log messages (source-generated). None of them ever carries a request's credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "serving {Version} ({Reference}) on {Addresses}; bearer token {Auth}")]
    public static partial void Started(ILogger logger, string version, string reference, string addresses, string auth);

    [LoggerMessage(2, LogLevel.Information, "{Reference} moved to {Version}: loading and verifying it (serving {Current} meanwhile)")]
    public static partial void Loading(ILogger logger, string reference, string version, string current);

    [LoggerMessage(3, LogLevel.Information, "{Reference}: swapped {Previous} for {Version} (bundle {Bundle})")]
    public static partial void Swapped(ILogger logger, string reference, string previous, string version, string bundle);

    [LoggerMessage(4, LogLevel.Error, "could not load {Version}; still serving {Current}")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string version, string current);

    [LoggerMessage(5, LogLevel.Debug, "could not load {Version} again: {Message}")]
    public static partial void LoadFailedAgain(ILogger logger, string version, string message);

    [LoggerMessage(6, LogLevel.Warning, "{Reference} resolves to no version now; still serving {Current}")]
    public static partial void ReferenceGone(ILogger logger, string reference, string current);

    [LoggerMessage(7, LogLevel.Warning, "could not ask the registry where {Reference} points: {Message}")]
    public static partial void RegistryUnavailable(ILogger logger, string reference, string message);

    [LoggerMessage(8, LogLevel.Error, "unhandled error answering {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(9, LogLevel.Information, "stopped serving {Version}")]
    public static partial void Stopped(ILogger logger, string version);

    [LoggerMessage(10, LogLevel.Information, "{Version}: requests are checked against its training schema ({Columns} columns); violations are {Policy}")]
    public static partial void GuardOn(ILogger logger, string version, int columns, string policy);

    [LoggerMessage(11, LogLevel.Warning, "{Version} has no training schema (no schema role in its bundle): requests are not checked for training/serving skew")]
    public static partial void GuardOff(ILogger logger, string version);

    [LoggerMessage(12, LogLevel.Warning, "{Version}: scored a request with {Count} training-schema violation(s) (--on-violation report); the first: {First}")]
    public static partial void ViolationsScored(ILogger logger, string version, int count, string first);

    [LoggerMessage(13, LogLevel.Debug, "{Version}: wrote a request log segment of {Rows} rows ({Artifact})")]
    public static partial void SegmentWritten(ILogger logger, string version, int rows, string artifact);

    [LoggerMessage(14, LogLevel.Error, "{Version}: could not write a request log segment; its {Rows} rows are lost (requests are not affected)")]
    public static partial void SegmentFailed(ILogger logger, Exception exception, string version, int rows);

    [LoggerMessage(15, LogLevel.Information, "request log: sampling {Rate} of served rows (row ids from column '{IdColumn}'), written every {Rows} rows or {Interval}")]
    public static partial void RequestLogOn(ILogger logger, double rate, string idColumn, int rows, TimeSpan interval);

    /// <summary>Says whether a newly loaded model's input is checked against its training schema.</summary>
    public static void Guard(ILogger logger, ServedModel model, ViolationPolicy policy)
    {
        if (model.Guard is { } guard)
        {
            GuardOn(logger, model.Version.Reference, guard.Schema.Columns.Count, policy == ViolationPolicy.Refuse ? "refused (422)" : "scored and reported");
        }
        else
        {
            GuardOff(logger, model.Version.Reference);
        }
    }
}

using Microsoft.Extensions.Logging;

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
}

using Microsoft.Extensions.Logging;

namespace Mlmax.Cli.Internal;

/// <summary>Log messages of Information and above as notes of a <see cref="WorkerObserver"/> (timestamped lines on the console).</summary>
internal sealed class NoteLoggerFactory(WorkerObserver observer) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new NoteLogger(observer);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class NoteLogger(WorkerObserver observer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                observer.Note((logLevel >= LogLevel.Warning ? logLevel.ToString().ToLowerInvariant() + ": " : string.Empty) + formatter(state, exception));
            }
        }
    }
}

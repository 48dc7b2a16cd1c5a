using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mlmax.Scheduling.Tests;

/// <summary>Keeps every log message of one category, formatted, for a test to read.</summary>
public sealed class ListLoggerFactory(string category) : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == category ? _messages : null);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string>? messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => messages is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages?.Enqueue(formatter(state, exception));
    }
}

namespace Mlmax.Specs;

/// <summary>How often a failing step is tried, and how long to wait between tries.</summary>
/// <param name="MaxAttempts">Attempts in all, at least 1. <value>1</value></param>
/// <param name="Backoff">The wait before the second attempt; it doubles for each later one.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Backoff)
{
    /// <summary>One attempt, no retry.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero);

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 for the first retry).</summary>
    /// <param name="attempt">The attempt about to start.</param>
    /// <returns>The delay.</returns>
    public TimeSpan DelayBefore(int attempt) =>
        attempt <= 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Backoff.Ticks * (1L << Math.Min(attempt - 2, 16)));
}

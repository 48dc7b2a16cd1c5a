namespace Mlmax.Fleet;

/// <summary>How a fleet's job queue behaves. The defaults suit steps of any length; tests shorten the timeouts.</summary>
public sealed record FleetOptions
{
    /// <summary>The PostgreSQL schema holding the job queue (beside mlmax's own tables). <value><c>mlmax_fleet</c></value></summary>
    public string Schema { get; init; } = "mlmax_fleet";

    /// <summary>
    /// How long a step's job stays invisible to other workers after its worker last showed it was alive. A live worker
    /// keeps extending it (a sliding timeout), so it bounds how soon a killed worker's step starts elsewhere, not how
    /// long a step may run. <value>5 minutes</value>
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often an idle worker looks for jobs that other processes queued (its own queued steps wake it at once).
    /// <value>250 milliseconds</value>
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many times a step is started at most when its worker dies under it (killed, out of memory, machine lost),
    /// or the step's own retry count if higher. Past it the step fails with an error saying so. <value>3</value>
    /// </summary>
    public int MaxDeliveries { get; init; } = 3;

    /// <summary>How often a running step checks whether its run was cancelled. <value>2 seconds</value></summary>
    public TimeSpan CancellationPollInterval { get; init; } = TimeSpan.FromSeconds(2);
}

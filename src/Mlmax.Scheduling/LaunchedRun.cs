namespace Mlmax.Scheduling;

/// <summary>A run a launcher recorded and started.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Completion">Ends when the run has ended (however it ended); the overlap policy waits on it.</param>
public sealed record LaunchedRun(string RunId, Task Completion);

using System.Collections.Concurrent;
using Mlmax.Metadata;

namespace Mlmax.Scheduling.Tests;

/// <summary>
/// An <see cref="IRunLauncher"/> that records each run in the real metadata store (so the store's unique trigger is what
/// claims a slot) and counts its calls. A run ends at once unless <see cref="HoldRuns"/> is set; <see cref="HoldBeforeRecording"/>
/// stops a launch before it records anything, as a scheduler killed mid-slot would.
/// </summary>
public sealed class RecordingLauncher(IMetadataStore metadata, TimeProvider clock) : IRunLauncher
{
    private readonly ConcurrentQueue<ScheduledRunRequest> _calls = new();
    private readonly ConcurrentQueue<ScheduledRunRequest> _recorded = new();
    private int _runs;

    /// <summary>Every call, in order, on any node.</summary>
    public IReadOnlyList<ScheduledRunRequest> Calls => [.. _calls];

    /// <summary>The launches that recorded a run.</summary>
    public IReadOnlyList<ScheduledRunRequest> Recorded => [.. _recorded];

    /// <summary>Runs go on until this completes (null: they end at once).</summary>
    public TaskCompletionSource? HoldRuns { get; set; }

    /// <summary>Launches wait here, before recording, until cancelled (null: they record at once).</summary>
    public TaskCompletionSource? HoldBeforeRecording { get; set; }

    public async Task<LaunchedRun> LaunchAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(request);
        if (HoldBeforeRecording is { } before)
        {
            await before.Task.WaitAsync(cancellationToken);
        }

        var id = $"run-{Interlocked.Increment(ref _runs):D4}-{Guid.NewGuid():N}";
        await metadata.CreateRunAsync(new RunRecord
        {
            Id = id,
            Pipeline = request.Pipeline,
            DefinitionVersion = "v",
            DefinitionJson = "{}",
            ParametersJson = "{}",
            InputsJson = "{}",
            EnvironmentJson = "{}",
            StartedAt = clock.GetUtcNow(),
            Owner = "test",
            Trigger = request.Trigger,
        }, cancellationToken);
        _recorded.Enqueue(request);
        return new LaunchedRun(id, HoldRuns?.Task ?? Task.CompletedTask);
    }
}

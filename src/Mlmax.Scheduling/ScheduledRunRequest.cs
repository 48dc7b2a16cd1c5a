using Mlmax.Metadata;

namespace Mlmax.Scheduling;

/// <summary>A run a schedule's slot asks for.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Parameters">Parameter overrides.</param>
/// <param name="Inputs">Input bindings.</param>
/// <param name="Trigger">The schedule and slot: record it as the run's <see cref="RunRecord.Trigger"/>.</param>
public sealed record ScheduledRunRequest(
    string Pipeline,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Inputs,
    RunTrigger Trigger);

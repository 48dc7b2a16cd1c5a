using Mlmax.Metadata;
using Mlmax.Monitoring.Drift;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>A check of one batch (a run, or a window of served requests when <paramref name="Run"/> is <see langword="null"/>): its record, its reports, and whether it was reused from an earlier recorded check.</summary>
internal sealed record MonitorCheck(MonitorCheckRecord Record, RunRecord? Run, DriftReport Input, DriftReport? Predictions, bool Reused);

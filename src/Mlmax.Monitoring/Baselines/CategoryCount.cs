namespace Mlmax.Monitoring.Baselines;

/// <summary>A category and how many values held it.</summary>
/// <param name="Value">The category, trimmed.</param>
/// <param name="Count">Its count.</param>
public sealed record CategoryCount(string Value, long Count);

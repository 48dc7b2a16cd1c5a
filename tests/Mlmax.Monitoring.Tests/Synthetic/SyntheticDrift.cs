namespace Mlmax.Monitoring.Tests.Synthetic;

/// <summary>What to change in a synthetic batch; the default changes nothing.</summary>
internal sealed record SyntheticDrift
{
    /// <summary>Added to every age, in standard deviations (12 years).</summary>
    public double AgeShift { get; init; }

    /// <summary>Share of rows whose color becomes <c>purple</c>, a color training never saw.</summary>
    public double NewColorShare { get; init; }

    /// <summary>Share of rows whose income is blanked, on top of the usual missing ones.</summary>
    public double IncomeMissingShare { get; init; }

    /// <summary>Added to every score.</summary>
    public double ScoreShift { get; init; }
}

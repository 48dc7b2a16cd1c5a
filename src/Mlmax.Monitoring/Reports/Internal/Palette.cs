namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>The colors of the report's plots: distinguishable, and readable on white.</summary>
internal static class Palette
{
    /// <summary>The training (baseline) series.</summary>
    public const string Baseline = "#8c96a5";

    /// <summary>The batch series.</summary>
    public const string Batch = "#2f6fdb";

    /// <summary>A drifted batch series.</summary>
    public const string Drifted = "#d9480f";

    private static readonly string[] Series =
    [
        "#2f6fdb", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285", "#c2255c", "#5c940d", "#364fc7", "#a61e4d", "#495057", "#087f5b",
    ];

    /// <summary>The color of the <paramref name="index"/>th line of a plot.</summary>
    public static string Line(int index) => Series[index % Series.Length];
}

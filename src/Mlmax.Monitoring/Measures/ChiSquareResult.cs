namespace Mlmax.Monitoring.Measures;

/// <summary>A chi-square test of homogeneity.</summary>
/// <param name="Statistic">χ², 0 or more.</param>
/// <param name="DegreesOfFreedom">The bins compared (with a value on either side) less one.</param>
/// <param name="PValue">P(χ²(dof) ≥ statistic); 1 when there is at most one bin to compare.</param>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);

namespace Mlmax.Monitoring.Measures;

/// <summary>A two-sample Kolmogorov-Smirnov test.</summary>
/// <param name="Statistic">D: the largest distance between the two empirical distribution functions, in [0, 1].</param>
/// <param name="PValue">The asymptotic p-value of D for these sample sizes.</param>
/// <param name="BaselineCount">The baseline's sample size.</param>
/// <param name="BatchCount">The batch's sample size.</param>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue, long BaselineCount, long BatchCount);

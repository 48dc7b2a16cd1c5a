using Mlmax.Monitoring.Measures;

namespace Mlmax.Monitoring.Drift;

/// <summary>The distribution measures of one feature, batch against baseline; <see langword="null"/> when not computed.</summary>
/// <param name="Psi">Numbers: the population stability index over the baseline's quantile bins.</param>
/// <param name="KolmogorovSmirnov">Numbers: the two-sample Kolmogorov-Smirnov test, D at the bin edges.</param>
/// <param name="ChiSquare">Categories: the chi-square test of homogeneity over the listed categories and <c>other</c>.</param>
/// <param name="JsDistance">Categories: the Jensen-Shannon distance (base 2) over the same bins.</param>
public sealed record FeatureMeasures(
    double? Psi = null,
    KolmogorovSmirnovResult? KolmogorovSmirnov = null,
    ChiSquareResult? ChiSquare = null,
    double? JsDistance = null);

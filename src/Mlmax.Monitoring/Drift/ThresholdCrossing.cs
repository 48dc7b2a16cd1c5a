namespace Mlmax.Monitoring.Drift;

/// <summary>A measure of a feature past its threshold.</summary>
/// <param name="Measure"><c>psi</c>, <c>ks_p_value</c>, <c>js_distance</c>, <c>chi_square_p_value</c>, <c>missing_rate_increase</c>, <c>unseen_share</c> or <c>out_of_range_excess</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold it crossed: p-values are below it, the others above.</param>
public sealed record ThresholdCrossing(string Measure, double Value, double Threshold);

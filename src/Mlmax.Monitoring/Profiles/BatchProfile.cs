namespace Mlmax.Monitoring.Profiles;

/// <summary>
/// A batch (a scored table, a predictions file, a sample of served requests) summarized against a baseline: per
/// feature, the same statistics the baseline holds, binned on the baseline's bins, plus data quality counts.
/// </summary>
/// <param name="Source">What was profiled, named in reports.</param>
/// <param name="Rows">Rows profiled.</param>
/// <param name="Numeric">The baseline's numeric features found in the batch, by name (ordinal).</param>
/// <param name="Categorical">The baseline's categorical features found in the batch, by name (ordinal).</param>
/// <param name="AbsentFeatures">The baseline's features the batch has no column for, by name (ordinal).</param>
/// <param name="UnmonitoredColumns">The batch's columns the baseline does not know (ids, the label, extra columns), in batch order.</param>
/// <param name="Schema">Schema violations, when the baseline has a schema; <see langword="null"/> otherwise.</param>
public sealed record BatchProfile(
    string Source,
    long Rows,
    IReadOnlyList<NumericProfile> Numeric,
    IReadOnlyList<CategoricalProfile> Categorical,
    IReadOnlyList<string> AbsentFeatures,
    IReadOnlyList<string> UnmonitoredColumns,
    SchemaSummary? Schema);

namespace Mlmax.Monitoring.Labels;

/// <summary>The true labels read from a labels file, by row id.</summary>
/// <param name="Source">The file.</param>
/// <param name="Labels">Each id's label (the first one when an id repeats).</param>
/// <param name="Rows">The rows read.</param>
/// <param name="Duplicates">Rows whose id an earlier row already had (ignored).</param>
public sealed record LabelSet(string Source, IReadOnlyDictionary<string, bool> Labels, long Rows, long Duplicates);

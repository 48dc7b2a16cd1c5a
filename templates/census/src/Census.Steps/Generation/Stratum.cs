namespace Census.Steps.Generation;

/// <summary>
/// A group of sample rows alike in label, age band and whether they worked. Within a stratum each column is drawn
/// on its own from the values the group's rows hold, so columns correlate through the stratum.
/// </summary>
/// <param name="Share">The group's share of the sample's rows.</param>
/// <param name="Tokens">Per column (census order), the group's fields exactly as in the sample file, one per row.</param>
/// <param name="MinAge">The group's youngest age.</param>
/// <param name="MaxAge">The group's oldest age.</param>
internal sealed record Stratum(double Share, string[][] Tokens, int MinAge, int MaxAge);

using System.Globalization;
using Census.Steps.Data;

namespace Census.Steps.Generation;

/// <summary>
/// Distributions fitted from a labeled census sample: the share of each stratum (label x age band x worked or not)
/// and, within it, the empirical distribution of every column.
/// </summary>
internal sealed class CensusProfile
{
    private static readonly int AgeIndex = IndexOf("age");
    private static readonly int WeeksIndex = IndexOf("weeks worked in year");

    private CensusProfile(IReadOnlyList<Stratum> strata, long sampleRows)
    {
        Strata = strata;
        SampleRows = sampleRows;
    }

    /// <summary>The strata, in a fixed order.</summary>
    public IReadOnlyList<Stratum> Strata { get; }

    /// <summary>The number of labeled sample rows the profile was fitted on.</summary>
    public long SampleRows { get; }

    /// <summary>Fits a profile from a census CSV file with labels.</summary>
    /// <param name="path">The sample.</param>
    /// <returns>The profile.</returns>
    public static CensusProfile Fit(string path)
    {
        var groups = new SortedDictionary<string, List<string[]>>(StringComparer.Ordinal);
        var ages = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        using var reader = new CensusCsvReader(path);
        if (!reader.HasLabel)
        {
            throw new InvalidDataException($"{path}: no '{CensusSchema.LabelHeader}' column; the generator fits distributions per label");
        }

        long rows = 0;
        while (reader.TryRead(out var row))
        {
            if (row.Label is not { } label)
            {
                continue;
            }

            var age = int.TryParse(row.Values[AgeIndex], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : 0;
            var worked = double.TryParse(row.Values[WeeksIndex], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0;
            var key = $"{(label ? 1 : 0)}:{AgeBand(age)}:{(worked ? 1 : 0)}";
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                ages[key] = [];
            }

            group.Add(row.Raw);
            ages[key].Add(age);
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidDataException($"{path}: no labeled rows to fit the generator on");
        }

        var strata = groups.Select(g => new Stratum(
            (double)g.Value.Count / rows,
            Enumerable.Range(0, CensusSchema.Columns.Count).Select(c => g.Value.Select(r => r[c]).ToArray()).ToArray(),
            ages[g.Key].Min(),
            ages[g.Key].Max())).ToList();
        return new CensusProfile(strata, rows);
    }

    private static int AgeBand(int age) => age switch { < 16 => 0, < 65 => 1, _ => 2 };

    private static int IndexOf(string header)
    {
        for (var i = 0; i < CensusSchema.Columns.Count; i++)
        {
            if (CensusSchema.Columns[i].Header == header)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no census column '{header}'");
    }
}

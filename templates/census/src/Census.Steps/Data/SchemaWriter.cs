namespace Census.Steps.Data;

/// <summary>
/// Profiles the training split row by row and writes the bundle's <c>schema.json</c> (the input columns, their types,
/// the categories and number ranges seen) and <c>baseline.json</c> (per-feature distribution summaries for drift
/// checks), in the canonical form of mlmax's docs/bundle-format.md.
/// </summary>
internal sealed class SchemaWriter
{
    private readonly ColumnProfile[] _profiles =
        [.. CensusSchema.Columns.Where(c => c.Kind != ColumnKind.Label).Select(c => new ColumnProfile(c))];

    private readonly int[] _indexes =
        [.. CensusSchema.Columns.Select((c, i) => (c, i)).Where(x => x.c.Kind != ColumnKind.Label).Select(x => x.i)];

    /// <summary>Rows profiled.</summary>
    public long Rows { get; private set; }

    /// <summary>Profiles one cleaned training row.</summary>
    /// <param name="values">The cleaned values in <see cref="CensusSchema.Columns"/> order.</param>
    public void Add(IReadOnlyList<string?> values)
    {
        Rows++;
        for (var i = 0; i < _profiles.Length; i++)
        {
            _profiles[i].Add(values[_indexes[i]]);
        }
    }

    /// <summary>Writes <c>schema.json</c>.</summary>
    /// <param name="path">The file.</param>
    public void WriteSchema(string path) => CanonicalJson.WriteFile(path, new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["format_version"] = 1,
        ["label"] = CensusSchema.LabelHeader,
        ["missing_tokens"] = new[] { "", "?" },
        ["columns"] = _profiles.Select(p => p.SchemaEntry()).ToList(),
    });

    /// <summary>Writes <c>baseline.json</c>: the features only (not the sampling weight).</summary>
    /// <param name="path">The file.</param>
    public void WriteBaseline(string path) => CanonicalJson.WriteFile(path, new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["format_version"] = 1,
        ["rows"] = Rows,
        ["numeric"] = _profiles.Where(p => p.Column.Kind == ColumnKind.Numeric).ToDictionary(p => p.Column.Header, p => (object?)p.BaselineEntry()),
        ["categorical"] = _profiles.Where(p => p.Column.Kind == ColumnKind.Categorical).ToDictionary(p => p.Column.Header, p => (object?)p.BaselineEntry()),
    });
}

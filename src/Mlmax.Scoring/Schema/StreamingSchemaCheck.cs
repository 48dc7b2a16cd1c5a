namespace Mlmax.Scoring.Schema;

/// <summary>
/// The skew guard applied to a file as <see cref="Batch.BatchScoring"/> streams it: each row is checked as it flows, so memory stays bounded. A missing required column fails at the header
/// under either policy. Under <see cref="ViolationPolicy.Refuse"/>, rows after the first violation are only checked,
/// not scored, and the call fails at the end naming the first violations and the total; under
/// <see cref="ViolationPolicy.Report"/> every row is scored and every violation passed to the sink.
/// </summary>
public sealed class StreamingSchemaCheck
{
    private readonly InputSchemaGuard _guard;
    private readonly Action<SchemaViolation, string?>? _sink;
    private readonly List<SchemaViolation> _row = [];
    private SchemaBinding? _binding;

    /// <summary>Creates the check.</summary>
    /// <param name="guard">The guard.</param>
    /// <param name="policy">What to do with violations.</param>
    /// <param name="sink">Receives each violation and the row's id (the id column's value, if one was named), in order.</param>
    public StreamingSchemaCheck(InputSchemaGuard guard, ViolationPolicy policy, Action<SchemaViolation, string?>? sink = null)
    {
        _guard = guard;
        Policy = policy;
        _sink = sink;
    }

    /// <summary>What to do with violations.</summary>
    public ViolationPolicy Policy { get; }

    /// <summary>The violations so far.</summary>
    public ViolationTally Tally { get; } = new();

    /// <summary>The file's columns the schema does not know (known after the header is read).</summary>
    public IReadOnlyList<string> IgnoredColumns => _binding?.IgnoredColumns ?? [];

    /// <summary>Binds the header; a missing required column fails.</summary>
    internal void Start(IReadOnlyList<string> header, string source)
    {
        _binding = _guard.Bind(header);
        if (_binding.MissingColumns.Count > 0)
        {
            throw new SchemaViolationException(
                $"{source}: required column{(_binding.MissingColumns.Count == 1 ? " is" : "s are")} missing: {string.Join(", ", _binding.MissingColumns.Select(v => $"'{v.Column}'"))} " +
                $"(columns match the model's schema ignoring case, spaces and punctuation; the header has {string.Join(", ", header.Take(8))}{(header.Count > 8 ? ", ..." : "")})");
        }
    }

    /// <summary>Checks a data row; returns whether to score it.</summary>
    internal bool Row(long row, IReadOnlyList<string?> fields, string? id)
    {
        _row.Clear();
        if (_binding!.CheckRow(row, fields, _row) > 0)
        {
            foreach (var violation in _row)
            {
                Tally.Add(violation);
                _sink?.Invoke(violation, id);
            }
        }

        return Policy == ViolationPolicy.Report || Tally.Total == 0;
    }

    /// <summary>After the last row: fails under <see cref="ViolationPolicy.Refuse"/> when any row violated the schema.</summary>
    internal void Finish(string source)
    {
        if (Policy == ViolationPolicy.Refuse && Tally.Total > 0)
        {
            throw new SchemaViolationException($"{source}: nothing was scored: {Tally.Describe(5, Environment.NewLine + "  ")}");
        }
    }
}

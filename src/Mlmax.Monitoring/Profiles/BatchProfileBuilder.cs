using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Profiles.Internal;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Profiles;

/// <summary>
/// Profiles rows as they arrive, in memory that grows with the number of columns, not rows: the baseline's features are
/// matched to the columns by name (ignoring case, spaces and punctuation, as scoring matches them), values are trimmed,
/// and missing tokens, nulls and absent trailing values count as missing. With a schema, every row also goes through
/// the scoring skew guard. For a table use <see cref="BatchProfiler"/>; for served requests, add each request's rows.
/// Not thread-safe.
/// </summary>
public sealed class BatchProfileBuilder
{
    private readonly Baseline _baseline;
    private readonly string _source;
    private readonly (int Position, NumericAccumulator Accumulator)[] _numeric;
    private readonly (int Position, CategoricalAccumulator Accumulator)[] _categorical;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _missingTokens;
    private readonly SchemaBinding? _schema;
    private readonly ViolationTally? _tally;
    private readonly List<SchemaViolation> _violations = [];
    private readonly List<string> _absent = [];
    private readonly List<string> _unmonitored = [];

    /// <summary>Matches the baseline's features to the batch's columns.</summary>
    /// <param name="baseline">The baseline.</param>
    /// <param name="columns">The batch's column names (a header, a request's columns).</param>
    /// <param name="source">What is profiled, named in reports.</param>
    public BatchProfileBuilder(Baseline baseline, IReadOnlyList<string> columns, string source)
    {
        _baseline = baseline;
        _source = source;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            positions.TryAdd(ColumnNames.Normalize(columns[i]), i);
        }

        var features = new HashSet<string>(StringComparer.Ordinal);
        var numeric = new List<(int, NumericAccumulator)>();
        foreach (var feature in baseline.Numeric)
        {
            features.Add(ColumnNames.Normalize(feature.Name));
            Bind(feature.Name, position => numeric.Add((position, new NumericAccumulator(feature))));
        }

        var categorical = new List<(int, CategoricalAccumulator)>();
        foreach (var feature in baseline.Categorical)
        {
            features.Add(ColumnNames.Normalize(feature.Name));
            Bind(feature.Name, position => categorical.Add((position, new CategoricalAccumulator(feature))));
        }

        _numeric = [.. numeric];
        _categorical = [.. categorical];
        _absent.Sort(StringComparer.Ordinal);
        _unmonitored.AddRange(columns.Where(c => !features.Contains(ColumnNames.Normalize(c))));
        _missingTokens = new HashSet<string>(baseline.MissingTokens.Select(t => t.Trim()), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        if (baseline.Schema is { } schema)
        {
            _schema = new InputSchemaGuard(schema).Bind(columns);
            _tally = new ViolationTally(keep: 0);
            foreach (var missing in _schema.MissingColumns)
            {
                _tally.Add(missing);
            }
        }

        void Bind(string name, Action<int> found)
        {
            if (positions.TryGetValue(ColumnNames.Normalize(name), out var position))
            {
                found(position);
            }
            else
            {
                _absent.Add(name);
            }
        }
    }

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row.</summary>
    /// <param name="values">The row's values in column order (<see langword="null"/> or a short row: missing).</param>
    public void Add(IReadOnlyList<string?> values)
    {
        Rows++;
        foreach (var (position, accumulator) in _numeric)
        {
            if (Present(values, position) is { } value)
            {
                accumulator.Add(value.AsSpan().Trim());
            }
            else
            {
                accumulator.AddMissing();
            }
        }

        foreach (var (position, accumulator) in _categorical)
        {
            if (Present(values, position) is { } value)
            {
                accumulator.Add(value.AsSpan().Trim());
            }
            else
            {
                accumulator.AddMissing();
            }
        }

        if (_schema is not null)
        {
            _violations.Clear();
            _schema.CheckRow(Rows, values, _violations);
            foreach (var violation in _violations)
            {
                _tally!.Add(violation);
            }
        }
    }

    /// <summary>The profile of the rows added so far.</summary>
    /// <returns>The profile.</returns>
    public BatchProfile Build() => new(
        _source,
        Rows,
        [.. _numeric.Select(n => n.Accumulator.Build()).OrderBy(p => p.Name, StringComparer.Ordinal)],
        [.. _categorical.Select(c => c.Accumulator.Build()).OrderBy(p => p.Name, StringComparer.Ordinal)],
        [.. _absent],
        [.. _unmonitored],
        _tally is null ? null : new SchemaSummary(
            _tally.Total,
            _tally.Rows,
            [.. _tally.Groups.Select(g => new SchemaProblem(g.Column, SchemaViolation.ProblemName(g.Kind), g.Count, g.Example))]));

    private string? Present(IReadOnlyList<string?> values, int position)
    {
        var value = position < values.Count ? values[position] : null;
        return value is null || _missingTokens.Contains(value.AsSpan().Trim()) ? null : value;
    }
}

namespace Mlmax.Scoring.Schema;

/// <summary>
/// A bounded summary of violations as they stream by: totals, counts per column and problem with an example, and
/// the first few violations. Memory grows with the number of columns, not rows.
/// </summary>
public sealed class ViolationTally
{
    private readonly int _keep;
    private readonly List<SchemaViolation> _first = [];
    private readonly Dictionary<(string Column, ViolationKind Kind), (long Count, string? Example, int Order)> _groups = [];
    private long? _lastRow;

    /// <summary>Creates an empty tally.</summary>
    /// <param name="keep">How many of the first violations to keep.</param>
    public ViolationTally(int keep = 10) => _keep = keep;

    /// <summary>Violations seen.</summary>
    public long Total { get; private set; }

    /// <summary>Rows with at least one violation (rows must arrive in order).</summary>
    public long Rows { get; private set; }

    /// <summary>The first violations, in order.</summary>
    public IReadOnlyList<SchemaViolation> First => _first;

    /// <summary>Counts per column and problem, in the order they were first seen.</summary>
    public IReadOnlyList<ViolationGroup> Groups =>
        _groups.OrderBy(g => g.Value.Order).Select(g => new ViolationGroup(g.Key.Column, g.Key.Kind, g.Value.Count, g.Value.Example)).ToList();

    /// <summary>Counts a violation.</summary>
    /// <param name="violation">The violation.</param>
    public void Add(SchemaViolation violation)
    {
        Total++;
        if (violation.Row is { } row && row != _lastRow)
        {
            Rows++;
            _lastRow = row;
        }

        if (_first.Count < _keep)
        {
            _first.Add(violation);
        }

        var key = (violation.Column, violation.Kind);
        _groups[key] = _groups.TryGetValue(key, out var g) ? (g.Count + 1, g.Example, g.Order) : (1, violation.Value, _groups.Count);
    }

    /// <summary>A message naming the first violations and how many there are in all.</summary>
    /// <param name="shown">How many violations to name.</param>
    /// <param name="separator">What goes before each named violation.</param>
    /// <returns>e.g. <c>3 schema violations in 2 rows: row 4, column 'age': 'abc' is not a number; ...; and 1 more</c>.</returns>
    public string Describe(int shown = 5, string separator = "; ")
    {
        var named = Math.Min(shown, _first.Count);
        var listed = string.Concat(_first.Take(named).Select((v, i) => (i == 0 && separator == "; " ? " " : separator) + v));
        var more = Total > named ? $"{separator}and {Total - named} more" : "";
        return $"{Total} schema violation{(Total == 1 ? "" : "s")} in {Rows} row{(Rows == 1 ? "" : "s")}:{listed}{more}";
    }
}

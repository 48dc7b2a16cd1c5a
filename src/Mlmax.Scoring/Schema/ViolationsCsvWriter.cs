namespace Mlmax.Scoring.Schema;

/// <summary>
/// Writes violations as CSV, one per line as they stream by: <c>row,column,problem,value</c>, plus <c>id</c> when
/// rows have ids (the columns of <c>OUTPUT.violations.csv</c> of <c>mlmax predict --on-violation report</c>).
/// </summary>
public sealed class ViolationsCsvWriter
{
    private readonly TextWriter _writer;
    private readonly bool _withId;

    /// <summary>Creates the writer and writes the header line.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="withId">Whether to add an <c>id</c> column.</param>
    public ViolationsCsvWriter(TextWriter writer, bool withId)
    {
        _writer = writer;
        _withId = withId;
        _writer.WriteLine(withId ? "row,id,column,problem,value" : "row,column,problem,value");
    }

    /// <summary>Writes one violation.</summary>
    /// <param name="violation">The violation.</param>
    /// <param name="id">The row's id, when rows have ids.</param>
    public void Write(SchemaViolation violation, string? id)
    {
        _writer.Write(violation.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        if (_withId)
        {
            _writer.Write(',');
            _writer.Write(Escape(id ?? ""));
        }

        _writer.Write(',');
        _writer.Write(Escape(violation.Column));
        _writer.Write(',');
        _writer.Write(violation.Problem);
        _writer.Write(',');
        _writer.WriteLine(Escape(violation.Value ?? ""));
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

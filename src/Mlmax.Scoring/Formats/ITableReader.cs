namespace Mlmax.Scoring.Formats;

/// <summary>Rows of a table read one at a time as text values (CSV, Parquet): memory stays bounded whatever its size.</summary>
public interface ITableReader : IDisposable
{
    /// <summary>The file, for errors.</summary>
    string Source { get; }

    /// <summary>The column names.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The reader's progress, in units of <see cref="Length"/> (bytes or rows).</summary>
    long Position { get; }

    /// <summary>The total of <see cref="Position"/> at the end.</summary>
    long Length { get; }

    /// <summary>Where the last row read is, for errors: <c>file.csv:17</c> or <c>file.parquet row 16</c>.</summary>
    string Location { get; }

    /// <summary>Reads the next row: one value per header column (<see langword="null"/> for a null), or <see langword="null"/> at the end.</summary>
    /// <returns>The values.</returns>
    /// <exception cref="SchemaViolationException">The row cannot be read (e.g. it has fewer fields than the header).</exception>
    string?[]? Read();
}

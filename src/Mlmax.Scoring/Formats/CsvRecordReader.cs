using System.Text;

namespace Mlmax.Scoring.Formats;

/// <summary>
/// Reads a CSV file's records as text, line by line: a record goes on to the next line while a quoted field is open
/// (an odd number of <c>"</c> so far, the quoting <see cref="CsvLine.Split"/> parses), so a quoted field may hold line
/// breaks, kept as <c>\n</c>. <see cref="CsvTableReader"/> and the CSV split of <see cref="Batch.BatchPartitions"/>
/// both read through here, so they agree on where rows start and end.
/// </summary>
/// <param name="reader">The text, positioned after anything already read.</param>
/// <param name="source">The file, for errors.</param>
internal sealed class CsvRecordReader(TextReader reader, string source)
{
    /// <summary>The lines read so far.</summary>
    public long Line { get; private set; }

    /// <summary>The line the last record read starts on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record.</summary>
    /// <param name="skipBlank">Skip empty lines before the record (data rows) rather than return one as an empty record (the header).</param>
    /// <returns>The record's text without its final line break, or <see langword="null"/> at the end.</returns>
    /// <exception cref="SchemaViolationException">The file ends inside a quoted field.</exception>
    public string? Read(bool skipBlank)
    {
        string? line;
        do
        {
            line = reader.ReadLine();
            if (line is null)
            {
                return null;
            }

            Line++;
        }
        while (skipBlank && line.Length == 0);

        RecordLine = Line;
        var quotes = line.AsSpan().Count('"');
        if (quotes % 2 == 0)
        {
            return line;
        }

        var record = new StringBuilder(line, line.Length * 2);
        while (quotes % 2 != 0)
        {
            line = reader.ReadLine() ?? throw new SchemaViolationException(
                $"{source}:{RecordLine}: a quoted field opened on this line is never closed");
            Line++;
            quotes += line.AsSpan().Count('"');
            record.Append('\n').Append(line);
        }

        return record.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace Census.Steps.Data;

/// <summary>
/// The cleaning rules and the CSV format shared by every census step, so training and inference read data alike:
/// fields are trimmed, <c>?</c> and empty mean missing, columns are matched by header name.
/// </summary>
internal static class CensusCsv
{
    /// <summary>The buffer size of readers and writers of large files.</summary>
    public const int BufferSize = 1 << 20;

    /// <summary>Cleans one field: trims it, and turns <c>?</c> and empty into missing.</summary>
    /// <param name="raw">The field as in the file.</param>
    /// <returns>The cleaned value, or <see langword="null"/> when missing.</returns>
    public static string? Clean(string raw)
    {
        var value = raw.Trim();
        return value.Length == 0 || value == "?" ? null : value;
    }

    /// <summary>Splits a CSV line into fields (RFC 4180 quoting).</summary>
    /// <param name="line">The line.</param>
    /// <returns>The fields, unquoted.</returns>
    public static string[] Split(string line)
    {
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    /// <summary>Quotes a field when it holds a comma, a quote or a line break.</summary>
    /// <param name="value">The field.</param>
    /// <returns>The field as written in a CSV line.</returns>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Formats a cleaned row in the census format: the canonical header's order, missing as empty.</summary>
    /// <param name="values">The cleaned values in <see cref="CensusSchema.Columns"/> order.</param>
    /// <returns>The CSV line, without a line break.</returns>
    public static string FormatCleaned(IReadOnlyList<string?> values) =>
        string.Join(',', values.Select(v => v is null ? "" : Escape(v)));

    /// <summary>Reads a census CSV file as ML.NET records, lazily (each enumeration reads the file again).</summary>
    /// <param name="path">The file.</param>
    /// <param name="idColumn">The column holding each row's id, or <see langword="null"/> for the 0-based row number.</param>
    /// <returns>The records.</returns>
    public static IEnumerable<CensusRecord> ReadRecords(string path, string? idColumn = null)
    {
        using var reader = new CensusCsvReader(path, idColumn);
        while (reader.TryRead(out var row))
        {
            yield return CensusRecord.From(row.Values, row.Extra ?? row.Number.ToString(CultureInfo.InvariantCulture));
        }
    }
}

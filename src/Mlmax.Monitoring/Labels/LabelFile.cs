using Mlmax.Scoring;
using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Labels;

/// <summary>
/// Reads true labels that arrived after the predictions: a CSV or Parquet file with a row id column and a label
/// column. A label is <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c> or <c>yes</c>/<c>no</c> (any case), or, with a
/// positive value given, that value (trimmed) for the positive class and anything else for the negative one.
/// </summary>
public static class LabelFile
{
    /// <summary>Reads a labels file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="idColumn">The column holding row ids (matched ignoring case, spaces and punctuation).</param>
    /// <param name="labelColumn">The column holding the true labels.</param>
    /// <param name="positive">The value of the positive class, or <see langword="null"/> for boolean labels.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="InvalidDataException">The file is empty, lacks a column, or holds a label or id that cannot be read; the message names the file, line and value.</exception>
    public static LabelSet Read(string path, string idColumn, string labelColumn, string? positive)
    {
        ITableReader reader;
        try
        {
            reader = TableFiles.OpenRead(path);
        }
        catch (SchemaViolationException e)
        {
            throw new InvalidDataException(e.Message, e);
        }

        using (reader)
        {
            var id = Find(reader, idColumn, "--id-column");
            var label = Find(reader, labelColumn, "--label-column");
            var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
            long rows = 0, duplicates = 0;
            while (Next(reader) is { } row)
            {
                rows++;
                var key = row[id]?.Trim();
                if (string.IsNullOrEmpty(key))
                {
                    throw new InvalidDataException($"{reader.Location}: the id in column '{reader.Header[id]}' is empty: every label needs its row's id");
                }

                var value = Parse(row[label], positive)
                    ?? throw new InvalidDataException($"{reader.Location}: the label '{row[label]}' in column '{reader.Header[label]}' is not a class: "
                        + (positive is null ? "expected true/false, 1/0 or yes/no, or pass --positive VALUE naming the positive class" : "it is empty"));
                if (!labels.TryAdd(key, value))
                {
                    duplicates++;
                }
            }

            return rows == 0
                ? throw new InvalidDataException($"{path} has a header but no rows: expected one row per labeled id")
                : new LabelSet(path, labels, rows, duplicates);
        }
    }

    private static string?[]? Next(ITableReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (SchemaViolationException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static int Find(ITableReader reader, string column, string option)
    {
        var key = ColumnNames.Normalize(column);
        for (var i = 0; i < reader.Header.Count; i++)
        {
            if (ColumnNames.Normalize(reader.Header[i]) == key)
            {
                return i;
            }
        }

        throw new InvalidDataException($"{reader.Source}:1: no column '{column}' (its columns: {string.Join(", ", reader.Header)}): name the right one with {option}");
    }

    private static bool? Parse(string? text, string? positive)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return null;
        }

        if (positive is not null)
        {
            return value == positive.Trim();
        }

        return value.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => null,
        };
    }
}

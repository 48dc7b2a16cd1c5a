using System.Text;

namespace Mlmax.Serving.Payloads;

/// <summary>Splits CSV text into records (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; blank lines are skipped).</summary>
internal static class CsvRecords
{
    /// <summary>Reads every record.</summary>
    /// <param name="text">The CSV text.</param>
    /// <returns>The records with the 1-based line each starts on.</returns>
    /// <exception cref="PayloadException">A quoted field is never closed (400).</exception>
    public static List<(int Line, string[] Fields)> Read(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var quoteLine = 0;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                End(records, fields, field, start);
                start = ++line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw PayloadException.Malformed("body", $"malformed CSV: the quoted field opened on line {quoteLine} is never closed");
        }

        End(records, fields, field, start);
        return records;
    }

    private static void End(List<(int, string[])> records, List<string> fields, StringBuilder field, int line)
    {
        fields.Add(field.ToString());
        field.Clear();
        if (fields.Count > 1 || fields[0].Length > 0)
        {
            records.Add((line, fields.ToArray()));
        }

        fields.Clear();
    }
}

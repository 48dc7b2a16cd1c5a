using System.Text;

namespace Mlmax.Scoring;

/// <summary>Splits one CSV record (RFC 4180 quoting; a quoted field keeps any line breaks it holds).</summary>
internal static class CsvLine
{
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
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
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
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
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
}

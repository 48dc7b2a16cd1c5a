using System.Globalization;
using System.Text;

namespace Mlmax.Scoring.Formats;

/// <summary>Predictions as CSV: the id column, then one column per output; <c>true</c>/<c>false</c>, round-trip numbers.</summary>
/// <param name="output">Where to write.</param>
public sealed class CsvPredictionWriter(TextWriter output) : IPredictionWriter
{
    /// <inheritdoc/>
    public void Start(string idColumn, bool numbered, IReadOnlyList<ModelColumn> outputs) =>
        output.Write(string.Join(',', new[] { idColumn }.Concat(outputs.Select(o => o.Name)).Select(Escape)) + "\n");

    /// <inheritdoc/>
    public object Prepare(Batch.ScoredChunk chunk)
    {
        var text = new StringBuilder(chunk.Count * 48);
        var columns = chunk.Scored.Columns;
        Span<char> number = stackalloc char[32];
        for (var r = 0; r < chunk.Count; r++)
        {
            if (chunk.Ids is { } ids)
            {
                text.Append(Escape(ids[r] ?? ""));
            }
            else
            {
                text.Append(chunk.FirstRow + r);
            }

            foreach (var column in columns)
            {
                text.Append(',');
                switch (column)
                {
                    case float[] f:
                        f[r].TryFormat(number, out var n, "R", CultureInfo.InvariantCulture);
                        text.Append(number[..n]);
                        break;
                    case double[] d:
                        d[r].TryFormat(number, out n, "R", CultureInfo.InvariantCulture);
                        text.Append(number[..n]);
                        break;
                    case bool[] b:
                        text.Append(b[r] ? "true" : "false");
                        break;
                    case long[] l:
                        text.Append(l[r]);
                        break;
                    case string[] s:
                        text.Append(Escape(s[r] ?? ""));
                        break;
                    default:
                        text.Append(Convert.ToString(column.GetValue(r), CultureInfo.InvariantCulture));
                        break;
                }
            }

            text.Append('\n');
        }

        return text;
    }

    /// <inheritdoc/>
    public void Write(object prepared) => output.Write((StringBuilder)prepared);

    /// <inheritdoc/>
    public void Complete() => output.Flush();

    /// <inheritdoc/>
    public void Dispose() => output.Dispose();

    /// <summary>Quotes a value when it holds a comma, quote or line break.</summary>
    internal static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

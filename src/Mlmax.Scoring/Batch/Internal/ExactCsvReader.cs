using System.Buffers;
using System.Text;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>
/// Reads the records of a CSV file mlmax wrote (predictions, violations) exactly as written: a record ends at a
/// <c>\n</c> outside quotes, and every other character, a <c>\r</c> inside a quoted value included, is kept.
/// </summary>
/// <param name="reader">The text.</param>
internal sealed class ExactCsvReader(TextReader reader)
{
    private static readonly SearchValues<char> QuoteOrNewline = SearchValues.Create("\"\n");
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _record = new();
    private int _start;
    private int _end;

    /// <summary>The records read so far.</summary>
    public long Records { get; private set; }

    /// <summary>Reads the next record.</summary>
    /// <returns>Its text without the final <c>\n</c>, or <see langword="null"/> at the end.</returns>
    public string? Read()
    {
        _record.Clear();
        var quoted = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = reader.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    return any ? Done() : null;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var at = quoted ? span.IndexOf('"') : span.IndexOfAny(QuoteOrNewline);
            if (at < 0)
            {
                _record.Append(span);
                _start = _end;
                continue;
            }

            _start += at + 1;
            if (span[at] == '"')
            {
                _record.Append(span[..(at + 1)]);
                quoted = !quoted;
                continue;
            }

            _record.Append(span[..at]);
            return Done();
        }
    }

    private string Done()
    {
        Records++;
        return _record.ToString();
    }
}

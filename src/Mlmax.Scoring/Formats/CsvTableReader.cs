using System.Text;

namespace Mlmax.Scoring.Formats;

/// <summary>A CSV file with a header row (RFC 4180 quoting, one row per line), streamed.</summary>
public sealed class CsvTableReader : ITableReader
{
    private readonly FileStream _stream;
    private readonly StreamReader _reader;
    private long _line = 1;

    private CsvTableReader(string path)
    {
        Source = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _reader = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
        Header = CsvLine.Split(_reader.ReadLine() ?? throw new SchemaViolationException($"{path} is empty: expected a CSV header row"));
    }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Header { get; }

    /// <inheritdoc/>
    public long Position => _stream.Position;

    /// <inheritdoc/>
    public long Length => _stream.Length;

    /// <inheritdoc/>
    public string Location => $"{Source}:{_line}";

    /// <summary>Opens a CSV file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The reader, positioned at the first data row.</returns>
    /// <exception cref="SchemaViolationException">The file is empty.</exception>
    public static CsvTableReader Open(string path) => new(path);

    /// <inheritdoc/>
    public string?[]? Read()
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            if (line is null)
            {
                return null;
            }

            _line++;
        }
        while (line.Length == 0);

        var fields = CsvLine.Split(line);
        return fields.Length >= Header.Count
            ? fields
            : throw new SchemaViolationException($"{Location}: the row has {fields.Length} fields, the header {Header.Count}");
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}

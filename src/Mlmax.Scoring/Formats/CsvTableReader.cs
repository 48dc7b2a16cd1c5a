using System.Text;

namespace Mlmax.Scoring.Formats;

/// <summary>
/// A CSV file with a header row, streamed: RFC 4180 quoting, one row per line except that a quoted field may hold
/// line breaks (read as <c>\n</c>); blank lines between rows are skipped.
/// </summary>
public sealed class CsvTableReader : ITableReader
{
    private readonly FileStream _stream;
    private readonly StreamReader _reader;
    private readonly CsvRecordReader _records;

    private CsvTableReader(string path)
    {
        Source = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _reader = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
        _records = new CsvRecordReader(_reader, path);
        Header = CsvLine.Split(_records.Read(skipBlank: false) ?? throw new SchemaViolationException($"{path} is empty: expected a CSV header row"));
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
    public string Location => $"{Source}:{_records.RecordLine}";

    /// <summary>Opens a CSV file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The reader, positioned at the first data row.</returns>
    /// <exception cref="SchemaViolationException">The file is empty.</exception>
    public static CsvTableReader Open(string path) => new(path);

    /// <inheritdoc/>
    public string?[]? Read()
    {
        if (_records.Read(skipBlank: true) is not { } record)
        {
            return null;
        }

        var fields = CsvLine.Split(record);
        return fields.Length >= Header.Count
            ? fields
            : throw new SchemaViolationException($"{Location}: the row has {fields.Length} fields, the header {Header.Count}");
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}

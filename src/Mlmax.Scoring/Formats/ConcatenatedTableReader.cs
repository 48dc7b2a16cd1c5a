namespace Mlmax.Scoring.Formats;

/// <summary>Several files read one after the other as one table; each must have the first one's columns.</summary>
internal sealed class ConcatenatedTableReader : ITableReader
{
    private readonly IReadOnlyList<string> _files;
    private readonly Func<string, ITableReader> _open;
    private readonly long[] _sizes;
    private ITableReader _current;
    private int _index;
    private long _done;

    public ConcatenatedTableReader(IReadOnlyList<string> files, Func<string, ITableReader> open)
    {
        _files = files;
        _open = open;
        _sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        _current = open(files[0]);
        Header = _current.Header;
        Source = Path.GetDirectoryName(files[0])!;
    }

    public string Source { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Progress in bytes of files: whole files done, plus the current file's share.</summary>
    public long Position => _done + (long)(_sizes[_index] * (_current.Length > 0 ? (double)_current.Position / _current.Length : 1));

    public long Length => _sizes.Sum();

    public string Location => _current.Location;

    public string?[]? Read()
    {
        while (true)
        {
            if (_current.Read() is { } row)
            {
                return row;
            }

            if (_index + 1 >= _files.Count)
            {
                return null;
            }

            _current.Dispose();
            _done += _sizes[_index++];
            _current = _open(_files[_index]);
            if (!_current.Header.SequenceEqual(Header))
            {
                throw new SchemaViolationException(
                    $"{_files[_index]}: its columns differ from {Path.GetFileName(_files[0])}'s; the files of a directory are read as one table and must have the same header");
            }
        }
    }

    public void Dispose() => _current.Dispose();
}

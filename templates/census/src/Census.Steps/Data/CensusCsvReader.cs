using System.Diagnostics.CodeAnalysis;

namespace Census.Steps.Data;

/// <summary>
/// Streams the rows of a census CSV file. Columns are found by header name (trimmed, any case), so their order
/// may differ and other columns may be present; every feature column is required, the label is optional.
/// </summary>
internal sealed class CensusCsvReader : IDisposable
{
    private readonly string _path;
    private readonly StreamReader _reader;
    private readonly int[] _sourceIndex;
    private readonly int _extraIndex = -1;
    private readonly int _fieldCount;
    private long _line = 1;
    private long _rows;

    /// <summary>Opens a file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="extraColumn">A further column to read into <see cref="CensusRow.Extra"/> (an id), or <see langword="null"/>.</param>
    public CensusCsvReader(string path, string? extraColumn = null)
    {
        _path = path;
        _reader = new StreamReader(path, System.Text.Encoding.UTF8, true, CensusCsv.BufferSize);
        var header = _reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file, expected a census CSV header");
        var names = CensusCsv.Split(header).Select(h => h.Trim()).ToArray();
        _fieldCount = names.Length;
        int Find(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        _sourceIndex = CensusSchema.Columns.Select(c => Find(c.Header)).ToArray();
        var missing = CensusSchema.Columns.Where((c, i) => _sourceIndex[i] < 0 && c.Kind != ColumnKind.Label).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{path}: the header lacks census column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        }

        if (!string.IsNullOrEmpty(extraColumn))
        {
            _extraIndex = Find(extraColumn);
            if (_extraIndex < 0)
            {
                throw new InvalidDataException($"{path}: no column '{extraColumn}' (columns: {string.Join(", ", names)})");
            }
        }
    }

    /// <summary>Whether the file has the label column.</summary>
    public bool HasLabel => _sourceIndex[CensusSchema.LabelIndex] >= 0;

    /// <summary>Reads the next row; blank lines are skipped.</summary>
    /// <param name="row">The row.</param>
    /// <returns>False at the end of the file.</returns>
    public bool TryRead([NotNullWhen(true)] out CensusRow? row)
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            _line++;
        }
        while (line is not null && line.Length == 0);

        if (line is null)
        {
            row = null;
            return false;
        }

        var fields = CensusCsv.Split(line);
        if (fields.Length != _fieldCount)
        {
            throw new InvalidDataException($"{_path}:{_line}: {fields.Length} fields, the header has {_fieldCount}");
        }

        var count = _sourceIndex.Length;
        var values = new string?[count];
        var raw = new string[count];
        for (var i = 0; i < count; i++)
        {
            var source = _sourceIndex[i];
            raw[i] = source < 0 ? "" : fields[source];
            values[i] = source < 0 ? null : CensusCsv.Clean(fields[source]);
        }

        var extra = _extraIndex < 0 ? null : fields[_extraIndex].Trim();
        row = new CensusRow(values, raw, extra, _rows++);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}

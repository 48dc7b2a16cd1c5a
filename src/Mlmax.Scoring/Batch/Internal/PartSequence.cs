using System.Globalization;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>The parts of a split being written, in order: names their files and records their rows.</summary>
/// <param name="sizes">Each part's rows, as counted.</param>
/// <param name="directory">Where the parts go.</param>
/// <param name="extension">The parts' file extension.</param>
/// <param name="source">The input, for errors.</param>
internal sealed class PartSequence(long[] sizes, string directory, string extension, string source)
{
    private readonly List<BatchPart> _done = [];
    private string? _path;
    private long _inPart;

    /// <summary>The rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Whether a part remains to be written.</summary>
    public bool Pending => _done.Count < sizes.Length;

    /// <summary>Starts the next part.</summary>
    /// <returns>Its file.</returns>
    public string Next()
    {
        if (!Pending)
        {
            throw Changed("more");
        }

        _path = Path.Combine(directory, $"part-{_done.Count.ToString("D5", CultureInfo.InvariantCulture)}{extension}");
        _inPart = 0;
        return _path;
    }

    /// <summary>Counts a row written to the current part.</summary>
    /// <returns>Whether the part is now complete.</returns>
    public bool Row()
    {
        Rows++;
        if (++_inPart < sizes[_done.Count])
        {
            return false;
        }

        _done.Add(new BatchPart(_path!, Rows - _inPart, _inPart));
        return true;
    }

    /// <summary>Writes the parts left after the last row, which must be empty: the one part of an input without rows.</summary>
    /// <param name="create">Writes an empty part to a file.</param>
    public void Rest(Action<string> create)
    {
        while (Pending)
        {
            if (sizes[_done.Count] != 0)
            {
                throw Changed("fewer");
            }

            create(Next());
            _done.Add(new BatchPart(_path!, Rows, 0));
        }
    }

    /// <summary>The parts, once all are written.</summary>
    public IReadOnlyList<BatchPart> Parts => _done;

    private InvalidOperationException Changed(string more) =>
        new($"{source} changed while it was split: it has {more} rows than were counted");
}

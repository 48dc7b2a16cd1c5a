using System.Text;

namespace Mlmax.Serving.Payloads;

/// <summary>
/// Column names a request is expected to send (those of the last request), with their UTF-8 bytes, so that
/// <see cref="JsonRecordsReader"/> recognizes them in a body without making a string of each.
/// </summary>
internal sealed class KnownColumnNames
{
    /// <summary>Takes a copy of the names.</summary>
    /// <param name="names">The names, in order.</param>
    public KnownColumnNames(IEnumerable<string> names)
    {
        Names = [.. names];
        Utf8 = [.. Names.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>The names.</summary>
    public string[] Names { get; }

    /// <summary>Each name in UTF-8.</summary>
    public byte[][] Utf8 { get; }
}

namespace Mlmax.Scheduling.Internal;

/// <summary>A file seen under a watched path.</summary>
/// <param name="Name">Its path relative to the watched directory or prefix, with '/'.</param>
/// <param name="Version">What makes a replaced file new: <c>1024 B, modified 2026-03-28T03:00:00.0000000Z</c> (local) or <c>ETag "…"</c> (S3).</param>
internal sealed record WatchedFile(string Name, string Version)
{
    /// <summary>The trigger detail of the file: <c>a.csv (1024 B, modified …)</c>.</summary>
    public string Detail => $"{Name} ({Version})";
}

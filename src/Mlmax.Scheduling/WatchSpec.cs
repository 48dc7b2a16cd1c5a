namespace Mlmax.Scheduling;

/// <summary>
/// A data trigger: every <see cref="Poll"/> the scheduler lists <see cref="Path"/> and starts a run of the pipeline for each
/// new file matching <see cref="Pattern"/> (or, with <see cref="Batch"/>, one run for all of them), bound to
/// <see cref="Input"/>. A file is new until a run was recorded for it (its trigger key names the file, its size and
/// modification time or its ETag), so a replaced file is new again. An immutable value; the scheduler stores it.
/// </summary>
public sealed record WatchSpec
{
    /// <summary>The watch's id: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, unique among schedules and watches.</summary>
    public required string Id { get; init; }

    /// <summary>The pipeline it runs.</summary>
    public required string Pipeline { get; init; }

    /// <summary>What is watched: an absolute local directory or <c>s3://BUCKET/PREFIX</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The pipeline input each new file (a batch: the directory of new files) is bound to.</summary>
    public required string Input { get; init; }

    /// <summary>The file names taken, a glob of <c>*</c> and <c>?</c>.</summary>
    /// <value>Default <c>*</c>.</value>
    public string Pattern { get; init; } = "*";

    /// <summary>One run per poll for all the new files (bound as a directory of them) rather than one run per file.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Batch { get; init; }

    /// <summary>How often the path is listed.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parameter overrides for every run, as <c>--param</c> gives them.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether it is declared in the pipeline's definition (its <c>watches:</c> section) rather than added by hand.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Declared { get; init; }

    /// <summary>Whether <see cref="Path"/> is an S3 prefix.</summary>
    public bool IsS3 => Path.StartsWith("s3://", StringComparison.Ordinal);
}

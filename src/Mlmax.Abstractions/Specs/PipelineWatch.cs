namespace Mlmax.Specs;

/// <summary>
/// A data trigger declared in a pipeline's definition (its <c>watches:</c> section): the scheduler polls a local directory
/// or an S3 prefix and starts a run for each new file (or one per poll for all of them), bound to one of the pipeline's
/// inputs. Like <see cref="PipelineSchedule"/>, it is no part of the definition's canonical form or version.
/// </summary>
/// <param name="Name">The watch's name, unique among the pipeline's schedules and watches.</param>
/// <param name="Path">What is watched: a directory (relative to the project root, or absolute) or <c>s3://BUCKET/PREFIX</c>.</param>
/// <param name="Input">The pipeline input each new file is bound to.</param>
public sealed record PipelineWatch(string Name, string Path, string Input)
{
    /// <summary>The files taken: a glob on the file name (<c>*</c> and <c>?</c>), e.g. <c>*.csv</c>.</summary>
    /// <value>Default <c>*</c>.</value>
    public string Pattern { get; init; } = "*";

    /// <summary>Whether one run takes all the files new at a poll (a directory input) rather than one run per file (a file input).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Batch { get; init; }

    /// <summary>How often the path is listed.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parameter overrides for every run, as text.</summary>
    /// <value>Default: none.</value>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

namespace Mlmax.Specs;

/// <summary>What a run-time input placeholder accepts.</summary>
public enum InputKind
{
    /// <summary>A single file, bound with <c>--input name=path</c>.</summary>
    File,

    /// <summary>A directory of files, bound with <c>--input name=path</c>.</summary>
    Directory,

    /// <summary>An artifact produced by an earlier run of another pipeline (see <see cref="InputSpec.From"/>).</summary>
    Artifact,
}

/// <summary>Where an <see cref="InputKind.Artifact"/> input comes from: an output of a step of another pipeline.</summary>
/// <param name="Pipeline">The producing pipeline's name.</param>
/// <param name="Step">The producing step.</param>
/// <param name="Output">The output of that step.</param>
public sealed record ArtifactSource(string Pipeline, string Step, string Output)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Pipeline}/{Step}.{Output}";
}

/// <summary>A run-time input placeholder of a pipeline: typed, checked and bound when a run starts.</summary>
/// <param name="Name">The input's name, unique in its pipeline.</param>
/// <param name="Kind">What the input accepts.</param>
/// <param name="Default">A default path, relative to the project root, used when the run binds nothing.</param>
/// <param name="From">For artifact inputs: the output they are taken from (by default from the latest successful run of that pipeline).</param>
/// <param name="Description">What the input is.</param>
public sealed record InputSpec(string Name, InputKind Kind, string? Default = null, ArtifactSource? From = null, string? Description = null);

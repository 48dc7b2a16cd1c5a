namespace Mlmax.Metadata;

/// <summary>A pipeline run as recorded in the metadata store.</summary>
public sealed record RunRecord
{
    /// <summary>The run's id, sortable by start time.</summary>
    public required string Id { get; init; }

    /// <summary>The pipeline's name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The definition's canonical version (a hash).</summary>
    public required string DefinitionVersion { get; init; }

    /// <summary>The definition's canonical JSON, so the run can be traced and resumed without the YAML.</summary>
    public required string DefinitionJson { get; init; }

    /// <summary>The run's status.</summary>
    public RunStatus Status { get; init; } = RunStatus.Running;

    /// <summary>Resolved parameter values, as a JSON object.</summary>
    public required string ParametersJson { get; init; }

    /// <summary>Bound inputs, as a JSON object of name to <see cref="InputBindingRecord"/>.</summary>
    public required string InputsJson { get; init; }

    /// <summary>Runtime, OS, tool versions and the project's git state, as a JSON object.</summary>
    public required string EnvironmentJson { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, if it has.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it failed, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>The host and process id running it (to tell a live run from a killed one).</summary>
    public required string Owner { get; init; }

    /// <summary>What started it: a schedule's slot, a data file, an alert; <see langword="null"/> when started by hand.</summary>
    public RunTrigger? Trigger { get; init; }
}

/// <summary>A bound pipeline input.</summary>
/// <param name="ArtifactId">The artifact holding the input's data.</param>
/// <param name="Source">Where it came from: a path, an <c>s3://</c> URL with the version read, or <c>run RUN PIPELINE/STEP.OUTPUT</c>.</param>
public sealed record InputBindingRecord(
    [property: System.Text.Json.Serialization.JsonPropertyName("artifact")] string ArtifactId,
    [property: System.Text.Json.Serialization.JsonPropertyName("source")] string Source);

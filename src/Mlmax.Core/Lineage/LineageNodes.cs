using System.Text.Json;

namespace Mlmax.Lineage;

/// <summary>An artifact and, upstream, what produced it.</summary>
/// <param name="Artifact">The artifact id.</param>
/// <param name="Source">For a pipeline input: where its data came from (a path).</param>
/// <param name="ProducedBy">The step run that produced it, with its own upstream; <see langword="null"/> for external data.</param>
public sealed record UpstreamArtifact(string Artifact, string? Source, ProducingStep? ProducedBy);

/// <summary>A step run that produced an artifact, with everything that identifies its work.</summary>
/// <param name="Run">The run.</param>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Step">The step.</param>
/// <param name="Output">The output name under which it produced the artifact.</param>
/// <param name="DefinitionVersion">The definition's version.</param>
/// <param name="Runner">How the step's code ran.</param>
/// <param name="Code">Code file path to SHA-256.</param>
/// <param name="Parameters">The step's parameters.</param>
/// <param name="Environment">The environment facts of the step's cache key.</param>
/// <param name="RunEnvironment">The run's full environment (incl. git commit).</param>
/// <param name="Metrics">The step's metrics.</param>
/// <param name="Inputs">Input name to the input's upstream.</param>
public sealed record ProducingStep(
    string Run,
    string Pipeline,
    string Step,
    string Output,
    string DefinitionVersion,
    string Runner,
    IReadOnlyDictionary<string, string> Code,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    IReadOnlyDictionary<string, string> Environment,
    JsonElement RunEnvironment,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, UpstreamArtifact> Inputs);

/// <summary>A step run that consumed an artifact, and, downstream, what its outputs fed.</summary>
/// <param name="Run">The run.</param>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Step">The step.</param>
/// <param name="Input">The input name under which it read the artifact.</param>
/// <param name="Outputs">Output name to the output's consumers.</param>
public sealed record ConsumingStep(string Run, string Pipeline, string Step, string Input, IReadOnlyDictionary<string, DownstreamArtifact> Outputs);

/// <summary>An artifact and, downstream, who consumed it.</summary>
/// <param name="Artifact">The artifact id.</param>
/// <param name="ConsumedBy">The step runs that read it.</param>
public sealed record DownstreamArtifact(string Artifact, IReadOnlyList<ConsumingStep> ConsumedBy);

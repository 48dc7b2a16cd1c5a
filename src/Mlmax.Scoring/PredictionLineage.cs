using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Execution;
using Mlmax.Identity;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Specs;

namespace Mlmax.Scoring;

/// <summary>
/// Records a batch prediction like any run: a one-step run of a <c>predict</c> pipeline whose inputs are the data
/// and the version's bundle components, and whose output is the predictions file, so lineage links the predictions
/// to the model version, its training run and the input's hash.
/// </summary>
public static class PredictionLineage
{
    /// <summary>The recorded run and the predictions artifact.</summary>
    /// <param name="RunId">The run.</param>
    /// <param name="Predictions">The predictions artifact.</param>
    public sealed record Trace(string RunId, string Predictions);

    /// <summary>How the scoring went, recorded with the run.</summary>
    /// <param name="Policy">The skew guard's policy, or <see langword="null"/> when the bundle has no schema (nothing was checked).</param>
    /// <param name="Metrics">Rows scored, rows/s, violations.</param>
    public sealed record Summary(Schema.ViolationPolicy? Policy, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>Publishes the input and predictions as artifacts and records the run.</summary>
    /// <param name="metadata">The metadata store.</param>
    /// <param name="artifacts">The artifact store.</param>
    /// <param name="version">The model version used.</param>
    /// <param name="input">The scored file.</param>
    /// <param name="output">The predictions file.</param>
    /// <param name="idColumn">The id column, if any.</param>
    /// <param name="summary">The policy and the metrics of the scoring.</param>
    /// <param name="time">The clock.</param>
    /// <param name="projectRoot">The project, for its git state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trace.</returns>
    public static async Task<Trace> RecordAsync(
        IMetadataStore metadata, ArtifactStore artifacts, ModelVersionRecord version, string input, string output, string? idColumn,
        Summary summary, TimeProvider time, string projectRoot, CancellationToken cancellationToken)
    {
        var training = await metadata.GetStepRunsAsync(version.RunId, cancellationToken);
        var trainingRun = await metadata.GetRunAsync(version.RunId, cancellationToken);
        var builder = new PipelineBuilder("predict")
            .Parameter("model", ParameterType.String, version.Reference)
            .Parameter("id_column", ParameterType.String, idColumn ?? "")
            .Parameter("on_violation", ParameterType.String, "refuse")
            .Input("data", InputKind.File);
        var wiring = new List<(string Role, string Id)>();
        foreach (var (role, id) in version.Components)
        {
            var producer = training.FirstOrDefault(s => s.Outputs.Values.Contains(id));
            var output2 = producer?.Outputs.First(o => o.Value == id).Key;
            builder = builder.ArtifactInput(role, new ArtifactSource(trainingRun?.Pipeline ?? "training", producer?.Step ?? role, output2 ?? role));
            wiring.Add((role, id));
        }

        var spec = builder.Step("predict", new CommandRunner(["mlmax", "predict"]), s =>
        {
            var step = s.Input("data", "inputs.data").Output("predictions").Parameter("model", "${params.model}")
                .Parameter("id_column", "${params.id_column}").Parameter("on_violation", "${params.on_violation}");
            foreach (var (role, _) in wiring)
            {
                step = step.Input(role, $"inputs.{role}");
            }

            return step;
        }).Build();

        var now = time.GetUtcNow();
        var (dataId, dataTree) = Directory.Exists(input)
            ? await artifacts.IngestDirectoryAsync(input, rememberHashes: true, cancellationToken)
            : await artifacts.IngestFileAsync(input, null, cancellationToken);
        var (predictionsId, predictionsTree) = await artifacts.IngestFileAsync(
            output, Formats.TableFiles.IsParquet(output) ? "predictions.parquet" : "predictions.csv", cancellationToken);
        var inputs = new SortedDictionary<string, InputBindingRecord>(StringComparer.Ordinal) { ["data"] = new(dataId, input) };
        foreach (var (role, id) in wiring)
        {
            inputs[role] = new InputBindingRecord(id, $"run {version.RunId} model {version.Reference}");
        }

        var parameters = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["id_column"] = idColumn ?? "",
            ["model"] = version.Reference,
            ["on_violation"] = summary.Policy?.ToString().ToLowerInvariant() ?? "none",
        };
        var run = new RunRecord
        {
            Id = RunPlanner.NewRunId(time),
            Pipeline = "predict",
            DefinitionVersion = CanonicalForm.Version(spec),
            DefinitionJson = CanonicalForm.ToJson(spec),
            Status = RunStatus.Succeeded,
            ParametersJson = JsonSerializer.Serialize(parameters),
            InputsJson = JsonSerializer.Serialize(inputs),
            EnvironmentJson = JsonSerializer.Serialize(EnvironmentInfo.Describe(projectRoot)),
            StartedAt = now,
            EndedAt = now,
            Owner = ExecutorContext.Owner,
        };
        await metadata.CreateRunAsync(run, cancellationToken);
        var parts = new CacheKeyParts(
            new SortedDictionary<string, string>(StringComparer.Ordinal), "mlmax predict",
            new SortedDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => CacheKeyParts.FormatValue(p.Value)), StringComparer.Ordinal),
            new SortedDictionary<string, string>(inputs.ToDictionary(i => i.Key, i => i.Value.ArtifactId), StringComparer.Ordinal),
            ["predictions"], EnvironmentInfo.ForCache());
        var records = new List<ArtifactRecord>
        {
            new(dataId, dataTree.Size, dataTree.Files.Count, now),
            new(predictionsId, predictionsTree.Size, predictionsTree.Files.Count, now),
        };
        foreach (var (_, id) in wiring)
        {
            var tree = await artifacts.ReadTreeAsync(id, cancellationToken);
            records.Add(new ArtifactRecord(id, tree.Size, tree.Files.Count, now));
        }

        await metadata.SaveStepRunAsync(new StepRunRecord
        {
            RunId = run.Id,
            Step = "predict",
            Status = RunStatus.Succeeded,
            Attempts = 1,
            StartedAt = now,
            EndedAt = time.GetUtcNow(),
            CacheKey = parts.Key(),
            CacheKeyPartsJson = parts.ToJson(),
            Inputs = parts.Inputs,
            Outputs = new Dictionary<string, string> { ["predictions"] = predictionsId },
            Metrics = summary.Metrics,
        }, records, cancellationToken);
        return new Trace(run.Id, predictionsId);
    }
}

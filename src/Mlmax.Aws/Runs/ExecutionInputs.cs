using System.Text.Json;
using Mlmax.Artifacts;
using Mlmax.Aws.Api;
using Mlmax.Aws.Compilation;
using Mlmax.Execution;
using Mlmax.Registry;
using Mlmax.Stores.Local;
using Mlmax.Specs;

namespace Mlmax.Aws.Runs;

/// <summary>
/// An execution's input: every parameter's value, each pipeline input uploaded from the artifact store to
/// <c>runs/RUN/inputs/NAME/</c>, and for predict steps each model version's bundle uploaded to
/// <c>models/NAME/VERSION/</c> as <see cref="ModelExport"/> lays it out (the version's record and its bundle's blobs).
/// </summary>
public static class ExecutionInputs
{
    /// <summary>Uploads a run's inputs (and model bundles) and returns the execution input.</summary>
    /// <param name="plan">The run's plan: inputs already bound to artifacts.</param>
    /// <param name="artifacts">The artifact store the inputs are read from.</param>
    /// <param name="bucket">The deployment's bucket.</param>
    /// <param name="locations">Where the run's data goes.</param>
    /// <param name="scratch">A folder for the files on their way (deleted afterwards).</param>
    /// <param name="log">Receives one line per upload.</param>
    /// <param name="cancellationToken">Cancels the uploads.</param>
    /// <returns>The execution input.</returns>
    public static async Task<ExecutionInput> UploadAsync(
        RunPlan plan, ArtifactStore artifacts, EncryptedBucket bucket, RunLocations locations, string scratch, Action<string> log, CancellationToken cancellationToken)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var models = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var input in plan.Pipeline.Inputs)
            {
                var binding = plan.Inputs[input.Name];
                var prefix = locations.Input(input.Name);
                var tree = await UploadArtifactAsync(artifacts, binding.ArtifactId, bucket, prefix, Path.Combine(scratch, "inputs", input.Name), cancellationToken);
                inputs[input.Name] = input.Kind == InputKind.File && tree.Files.Count == 1 ? bucket.S3Uri(prefix + tree.Files[0].Path) : bucket.S3Uri(prefix);
                log($"input {input.Name}: {tree.Files.Count} file(s), {tree.Size} bytes -> {inputs[input.Name]}");
            }

            foreach (var (parameter, version) in plan.Models)
            {
                models[parameter] = await UploadModelAsync(artifacts, version, bucket, locations.Prefix, Path.Combine(scratch, "models", parameter), cancellationToken);
                log($"model {version.Reference} ({parameter}) -> {models[parameter]}");
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var parameters = new SortedDictionary<string, object?>(plan.Parameters.ToDictionary(p => p.Key, p => (object?)p.Value), StringComparer.Ordinal);
        return new ExecutionInput(parameters, inputs)
        {
            Models = plan.Pipeline.Steps.Any(s => s.Runner is PredictRunner) ? models : null,
        };
    }

    /// <summary>
    /// Uploads a model version to <c>PREFIX/models/NAME/VERSION/</c> as <c>mlmax models export</c> writes it: its record
    /// and its bundle's blobs, which the job's mlmax verifies against the version's hashes before loading
    /// (<c>ExportedModelRegistry</c>). A file already there with the same SHA-256 is not sent again.
    /// </summary>
    /// <param name="artifacts">The artifact store holding the bundle.</param>
    /// <param name="version">The version.</param>
    /// <param name="bucket">The deployment's bucket.</param>
    /// <param name="prefix">The deployment's prefix.</param>
    /// <param name="folder">A folder for the export on its way (the caller deletes it).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The S3 URI of the version's folder.</returns>
    public static async Task<string> UploadModelAsync(
        ArtifactStore artifacts, ModelVersionRecord version, EncryptedBucket bucket, string prefix, string folder, CancellationToken cancellationToken)
    {
        var target = RunLocations.Model(prefix, version.Name, version.Version);
        await ModelExport.ExportAsync(artifacts, version, folder, dir => new LocalBlobStore(dir), cancellationToken);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await bucket.UploadFileAsync(target + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'), file, cancellationToken);
        }

        return bucket.S3Uri(target);
    }

    /// <summary>The execution input as the JSON text <c>StartExecution</c> takes.</summary>
    /// <param name="input">The input.</param>
    /// <returns>Compact JSON.</returns>
    public static string ToJson(ExecutionInput input) => JsonSerializer.Serialize(input, AwsJson.CompactOptions);

    /// <summary>Uploads an artifact's files under a prefix (a file already there with the same SHA-256 is not sent again).</summary>
    /// <param name="artifacts">The artifact store.</param>
    /// <param name="id">The artifact.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">The key prefix, ending in <c>/</c>.</param>
    /// <param name="folder">A folder the artifact is materialized in on its way (the caller deletes it).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The artifact's files.</returns>
    public static async Task<ArtifactTree> UploadArtifactAsync(
        ArtifactStore artifacts, string id, EncryptedBucket bucket, string prefix, string folder, CancellationToken cancellationToken)
    {
        var tree = await artifacts.MaterializeAsync(id, folder, cancellationToken);
        foreach (var file in tree.Files)
        {
            await bucket.UploadFileAsync(prefix + file.Path, Path.Combine(folder, file.Path), cancellationToken);
        }

        return tree;
    }
}

using System.Globalization;
using Mlmax.Artifacts;
using Mlmax.Aws.Api;
using Mlmax.Aws.Compilation;
using Mlmax.Aws.Runs;
using Mlmax.Identity;
using Mlmax.Registry;

namespace Mlmax.Aws.Deployment;

/// <summary>
/// What deploying uploads for the schedules and watches (<see cref="CompileManifest.Uploads"/>): each local file or
/// folder they bind, under <c>PREFIX/triggers/PIPELINE/NAME/inputs/INPUT/HASH/</c> (its content's SHA-256, so an
/// unchanged file gives the same URI and the stack no change), each artifact input's artifact (by default the output of
/// the latest successful run of the pipeline it comes from) under <c>.../inputs/INPUT/ARTIFACT/</c>, and the model
/// version each predict step scores with, under <c>PREFIX/models/NAME/VERSION/</c>. The executions read what was there
/// when the pipeline was deployed.
/// </summary>
public static class TriggerUploads
{
    /// <summary>Uploads and returns each upload's template parameter value.</summary>
    /// <param name="uploads">The manifest's uploads.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="projectRoot">Where relative paths start.</param>
    /// <param name="registry">Resolves model references.</param>
    /// <param name="bindArtifact">Binds an artifact input (its name and binding, or <see langword="null"/> for the default) as a run would.</param>
    /// <param name="artifacts">Holds the model bundles.</param>
    /// <param name="bucket">The deployment's bucket.</param>
    /// <param name="prefix">The deployment's prefix.</param>
    /// <param name="scratch">A folder for model exports on their way (deleted afterwards).</param>
    /// <param name="log">Receives one line per upload.</param>
    /// <param name="cancellationToken">Cancels the uploads.</param>
    /// <returns>Template parameter to S3 URI.</returns>
    /// <exception cref="DeployRequestException">A bound path does not exist, or a model reference matches no version.</exception>
    public static async Task<SortedDictionary<string, string>> UploadAsync(
        IReadOnlyList<UploadEntry> uploads, string pipeline, string projectRoot, IModelRegistry registry,
        Func<string, string?, CancellationToken, Task<Metadata.InputBindingRecord>> bindArtifact, ArtifactStore artifacts, EncryptedBucket bucket, string prefix,
        string scratch, Action<string> log, CancellationToken cancellationToken)
    {
        Check(uploads, projectRoot);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var models = new List<(UploadEntry Upload, ModelVersionRecord Version)>();
        var problems = new List<string>();
        foreach (var upload in uploads.Where(u => u.Kind == "model"))
        {
            ModelVersionRecord? version;
            try
            {
                version = await registry.ResolveAsync(ModelReference.Parse(upload.Source), cancellationToken);
            }
            catch (FormatException e)
            {
                problems.Add($"{upload.Trigger}.params.{upload.Name}: {e.Message}");
                continue;
            }

            if (version is null)
            {
                problems.Add($"{upload.Trigger}.params.{upload.Name}: no registered version matches {upload.Source} (see: mlmax models list)");
            }
            else
            {
                models.Add((upload, version));
            }
        }

        var bound = new List<(UploadEntry Upload, Metadata.InputBindingRecord Artifact)>();
        foreach (var upload in uploads.Where(u => u.Kind == "artifact"))
        {
            try
            {
                bound.Add((upload, await bindArtifact(upload.Name, upload.Source.Length == 0 ? null : upload.Source, cancellationToken)));
            }
            catch (Execution.RunRequestException e)
            {
                problems.AddRange(e.Problems.Select(p => $"{upload.Trigger}.inputs.{upload.Name}: {p}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new DeployRequestException(problems);
        }

        try
        {
            foreach (var (upload, artifact) in bound)
            {
                var trigger = upload.Trigger[(upload.Trigger.IndexOf('.') + 1)..];
                var folder = $"{prefix}/triggers/{pipeline}/{trigger}/inputs/{upload.Name}/{artifact.ArtifactId[..Math.Min(16, artifact.ArtifactId.Length)]}/";
                var tree = await ExecutionInputs.UploadArtifactAsync(artifacts, artifact.ArtifactId, bucket, folder, Path.Combine(scratch, "inputs", upload.Name), cancellationToken);
                values[upload.Parameter] = bucket.S3Uri(folder);
                log($"{upload.Trigger}: input {upload.Name} is {artifact.Source} ({Count(tree.Files.Count)}, {tree.Size.ToString(CultureInfo.InvariantCulture)} bytes), "
                    + $"uploaded to {values[upload.Parameter]}; its executions read it until the next deploy");
            }

            foreach (var upload in uploads.Where(u => u.Kind is "file" or "directory"))
            {
                var trigger = upload.Trigger[(upload.Trigger.IndexOf('.') + 1)..];
                var path = Path.GetFullPath(upload.Source, projectRoot);
                var files = upload.Kind == "file"
                    ? [(Path.GetFileName(path), path)]
                    : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Select(f => (Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/'), f))
                        .OrderBy(f => f.Item1, StringComparer.Ordinal)
                        .ToList();
                var hashes = files.Select(f => (f.Item1, Hashing.Sha256File(f.Item2))).ToList();
                var hash = upload.Kind == "file" ? hashes[0].Item2 : Hashing.Sha256(string.Concat(hashes.Select(h => $"{h.Item1}\0{h.Item2}\n")));
                var folder = $"{prefix}/triggers/{pipeline}/{trigger}/inputs/{upload.Name}/{hash[..16]}/";
                var sent = 0;
                foreach (var (name, file) in files)
                {
                    sent += await bucket.UploadFileAsync(folder + name, file, cancellationToken) == UploadOutcome.Unchanged ? 0 : 1;
                }

                values[upload.Parameter] = bucket.S3Uri(upload.Kind == "file" ? folder + files[0].Item1 : folder);
                var size = files.Sum(f => new FileInfo(f.Item2).Length);
                log($"{upload.Trigger}: input {upload.Name} {upload.Source} ({Count(files.Count)}, {size.ToString(CultureInfo.InvariantCulture)} bytes, sha256 {hash[..12]}) "
                    + $"{(sent == 0 ? "already in" : "uploaded to")} {values[upload.Parameter]}");
            }

            foreach (var (upload, version) in models)
            {
                values[upload.Parameter] = await ExecutionInputs.UploadModelAsync(
                    artifacts, version, bucket, prefix, Path.Combine(scratch, upload.Parameter), cancellationToken);
                log($"{upload.Trigger}: model {upload.Source} is {version.Reference}, uploaded to {values[upload.Parameter]}; "
                    + "its executions score with it until the next deploy");
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        return values;
    }

    /// <summary>Every local path bound exists and is of its input's kind.</summary>
    private static void Check(IReadOnlyList<UploadEntry> uploads, string projectRoot)
    {
        var list = new List<string>();
        foreach (var upload in uploads.Where(u => u.Kind is "file" or "directory"))
        {
            var path = Path.GetFullPath(upload.Source, projectRoot);
            var key = $"{upload.Trigger}.inputs.{upload.Name}";
            if (upload.Kind == "file" && !File.Exists(path))
            {
                list.Add(Directory.Exists(path) ? $"{key}: {path} is a directory, but input {upload.Name} is a file" : $"{key}: file {path} does not exist");
            }
            else if (upload.Kind == "directory" && !Directory.Exists(path))
            {
                list.Add($"{key}: directory {path} does not exist");
            }
            else if (upload.Kind == "directory" && !Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Any())
            {
                list.Add($"{key}: directory {path} is empty");
            }
        }

        if (list.Count > 0)
        {
            throw new DeployRequestException(list);
        }
    }

    private static string Count(int files) => files == 1 ? "1 file" : $"{files} files";
}

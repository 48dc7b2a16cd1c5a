using System.Formats.Tar;
using System.IO.Compression;
using Mlmax.Aws.Api;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Aws.Runs;

/// <summary>A step's outputs fetched from S3, each in its own folder, with the record its job wrote.</summary>
/// <param name="Folders">Output name to the local folder holding its files.</param>
/// <param name="Record">The step's record.</param>
internal sealed record FetchedOutputs(IReadOnlyDictionary<string, string> Folders, StepRecord Record);

/// <summary>
/// Fetches a finished step's outputs from where its SageMaker job left them: a processing job's output folders and
/// record, or a training job's <c>model.tar.gz</c> and <c>output.tar.gz</c>; then checks every file against the SHA-256
/// the job recorded, so what enters the artifact store is what the step wrote.
/// </summary>
internal static class StepOutputs
{
    public static async Task<FetchedOutputs> FetchAsync(
        EncryptedBucket bucket, RunLocations locations, StepSpec step, StepTimeline timeline, string directory, CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        StepRecord record;
        if ((step.Aws?.Job ?? AwsJobKind.Processing) == AwsJobKind.Training)
        {
            var job = timeline.JobName ?? throw new InvalidDataException($"the execution's history names no training job for step {step.Name}");
            var unpacked = Path.Combine(directory, "output.tar.gz.d");
            await ExtractAsync(bucket, locations.TrainingArchive(step.Name, job, "output.tar.gz"), Path.Combine(directory, "output.tar.gz"), unpacked, cancellationToken);
            if (step.Outputs.Any(o => o.Name == "model"))
            {
                var model = Path.Combine(directory, "model.tar.gz.d");
                await ExtractAsync(bucket, locations.TrainingArchive(step.Name, job, "model.tar.gz"), Path.Combine(directory, "model.tar.gz"), model, cancellationToken);
                folders["model"] = model;
            }

            foreach (var output in step.Outputs.Where(o => o.Name != "model"))
            {
                folders[output.Name] = Path.Combine(unpacked, output.Name);
            }

            record = StepRecord.Read(Path.Combine(unpacked, RunLocations.RecordOutput, RunLocations.RecordFile));
        }
        else
        {
            foreach (var output in step.Outputs)
            {
                var folder = Path.Combine(directory, output.Name);
                var prefix = locations.ProcessingOutput(step.Name, output.Name);
                foreach (var key in await bucket.ListAsync(prefix, cancellationToken))
                {
                    if (!key.EndsWith('/'))
                    {
                        await bucket.DownloadAsync(key, SafePath(folder, key[prefix.Length..]), cancellationToken);
                    }
                }

                folders[output.Name] = folder;
            }

            var recordFile = Path.Combine(directory, RunLocations.RecordOutput, RunLocations.RecordFile);
            if (!await bucket.DownloadAsync(locations.ProcessingRecord(step.Name), recordFile, cancellationToken))
            {
                throw new InvalidDataException($"step {step.Name} left no record at {bucket.S3Uri(locations.ProcessingRecord(step.Name))}: was its job run by mlmax aws container?");
            }

            record = StepRecord.Read(recordFile);
        }

        Verify(step, folders, record);
        return new FetchedOutputs(folders, record);
    }

    private static void Verify(StepSpec step, Dictionary<string, string> folders, StepRecord record)
    {
        foreach (var (name, folder) in folders)
        {
            var actual = Directory.Exists(folder) ? CodeIdentity.Hash(folder, ["**/*"]) : new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (!record.Outputs.TryGetValue(name, out var expected))
            {
                throw new InvalidDataException($"step {step.Name}: its record lists no output '{name}'");
            }

            if (actual.Count == 0)
            {
                throw new InvalidDataException($"step {step.Name}: output '{name}' has no files in S3");
            }

            var differing = expected.Keys.Union(actual.Keys, StringComparer.Ordinal)
                .Where(p => expected.GetValueOrDefault(p) != actual.GetValueOrDefault(p))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (differing.Count > 0)
            {
                throw new InvalidDataException(
                    $"step {step.Name}: output '{name}' in S3 differs from what its job recorded ({string.Join(", ", differing.Take(5))}{(differing.Count > 5 ? ", ..." : "")})");
            }
        }
    }

    private static async Task ExtractAsync(EncryptedBucket bucket, string key, string archive, string target, CancellationToken cancellationToken)
    {
        if (!await bucket.DownloadAsync(key, archive, cancellationToken))
        {
            throw new InvalidDataException($"no {bucket.S3Uri(key)}: the training job's archive is missing");
        }

        Directory.CreateDirectory(target);
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, target, overwriteFiles: true, cancellationToken);
    }

    /// <summary>A file under <paramref name="folder"/> for a key's relative part; keys leaving the folder are refused.</summary>
    private static string SafePath(string folder, string relative)
    {
        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, relative));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidDataException($"object key part '{relative}' leaves its output folder");
    }
}

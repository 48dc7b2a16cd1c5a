using System.Text.Json;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Mlmax.Metadata;
using Quartz;

namespace Mlmax.Scheduling.Internal;

/// <summary>
/// One poll of a watch: lists its folder and starts a run for each new file (or one for all of them, in a batch) through the
/// <see cref="IRunLauncher"/>, then waits for those runs to end. A file is new while no run has its trigger (the file with its
/// size and modification time, or its ETag); the unique trigger key makes it one run per file whichever scheduler polls.
/// A local file is taken once it was the same at two polls in a row, so a file still being written waits. Polls of one
/// watch never overlap: files that arrive while its runs go on are taken at the next poll after they end.
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
internal sealed class WatchJob(IRunLauncher launcher, IMetadataStore metadata, SchedulerLog log, WatchResources resources) : IJob
{
    private readonly ILogger _log = log.Logger;

    /// <inheritdoc/>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var spec = WatchMapping.Spec(context.JobDetail);
        var folder = resources.Folder(spec);
        IReadOnlyList<WatchedFile> listing;
        try
        {
            listing = await folder.ListAsync(spec.Pattern, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AmazonS3Exception)
        {
            Log.WatchListFailed(_log, e, spec.Id, spec.Path, e.Message);
            return;
        }

        var last = JsonSerializer.Deserialize<Dictionary<string, string>>(context.JobDetail.JobDataMap.GetString(WatchMapping.LastListingKey) ?? "{}") ?? [];
        context.JobDetail.JobDataMap[WatchMapping.LastListingKey] = JsonSerializer.Serialize(listing.ToDictionary(f => f.Name, f => f.Version, StringComparer.Ordinal));
        var settled = folder.NeedsSettling ? listing.Where(f => last.GetValueOrDefault(f.Name) == f.Version).ToList() : [.. listing];
        var fresh = new List<WatchedFile>();
        foreach (var file in settled)
        {
            // A file is new until a run has its trigger (one per file; a batch's trigger names its set, below).
            if (spec.Batch || await metadata.FindRunByTriggerAsync(RunTrigger.ForData(spec.Id, file.Detail).Key, cancellationToken) is null)
            {
                fresh.Add(file);
            }
        }

        var runs = new List<Task>();
        if (spec.Batch)
        {
            // A batch run's trigger names all its files, so what earlier batches took is kept with the watch (only for the
            // files still there); a batch's identity is its set, the same if this poll is recovered or raced.
            var data = context.JobDetail.JobDataMap;
            var taken = JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetString(WatchMapping.TakenKey) ?? "{}") ?? [];
            fresh = [.. fresh.Where(f => taken.GetValueOrDefault(f.Name) != f.Version)];
            if (fresh.Count > 0)
            {
                var trigger = RunTrigger.ForData(spec.Id, string.Join(", ", fresh.Select(f => f.Detail)));
                if (await metadata.FindRunByTriggerAsync(trigger.Key, cancellationToken) is null)
                {
                    runs.Add(await LaunchAsync(spec, trigger, dir => StageAsync(folder, fresh, dir, cancellationToken), cancellationToken));
                }

                if (await metadata.FindRunByTriggerAsync(trigger.Key, cancellationToken) is not null)
                {
                    foreach (var f in fresh)
                    {
                        taken[f.Name] = f.Version;
                    }
                }
            }

            var listed = listing.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            data[WatchMapping.TakenKey] = JsonSerializer.Serialize(taken.Where(t => listed.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
        }
        else
        {
            foreach (var file in fresh)
            {
                var trigger = RunTrigger.ForData(spec.Id, file.Detail);
                runs.Add(await LaunchAsync(spec, trigger, dir => folder.LocalPathAsync(file, dir, cancellationToken), cancellationToken));
            }
        }

        Log.Polled(_log, spec.Id, listing.Count, listing.Count - settled.Count, fresh.Count);
        await Task.WhenAll(runs).WaitAsync(cancellationToken);
    }

    private async Task<Task> LaunchAsync(WatchSpec spec, RunTrigger trigger, Func<string, Task<string>> bind, CancellationToken cancellationToken)
    {
        LaunchedRun run;
        try
        {
            var path = await bind(resources.StagingDirectory(spec.Id, trigger.Key));
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal) { [spec.Input] = path };
            run = await launcher.LaunchAsync(new ScheduledRunRequest(spec.Pipeline, spec.Parameters, inputs, trigger), cancellationToken);
        }
        catch (DuplicateRunTriggerException)
        {
            Log.AlreadyStarted(_log, trigger.Describe(), "(recorded by another scheduler meanwhile)");
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No run was recorded, so the file is still new: the next poll tries again.
            Log.LaunchFailed(_log, e, trigger.Describe(), spec.Pipeline, e.Message);
            return Task.CompletedTask;
        }

        Log.Started(_log, trigger.Describe(), spec.Pipeline, run.RunId, recovered: false);
        return run.Completion.ContinueWith(_ => Log.Ended(_log, trigger.Describe(), run.RunId), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>A batch's files in a directory of their own (the run's directory input).</summary>
    private static async Task<string> StageAsync(IWatchedFolder folder, List<WatchedFile> files, string directory, CancellationToken cancellationToken)
    {
        var staging = directory + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        foreach (var file in files)
        {
            var local = await folder.LocalPathAsync(file, staging, cancellationToken);
            var target = Path.Combine(staging, file.Name);
            if (!string.Equals(Path.GetFullPath(local), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(local, target, overwrite: true);
            }
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.Move(staging, directory);
        return directory;
    }
}

using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Mlmax.Execution;
using Mlmax.Scoring.Batch;
using Mlmax.Specs;

namespace Mlmax.Fleet;

/// <summary>
/// A predict step with <c>partitions: N</c> on the fleet. The worker that runs the step splits its data input into N
/// parts of contiguous rows, stores each part in the artifact store and queues a <see cref="PartitionJob"/> per part on
/// the step's pool; other workers score them with the same predict step code. Meanwhile it scores unclaimed parts
/// itself (so a fleet with one free slot still finishes), then merges the parts' predictions in order into the step's
/// output, exactly what scoring the whole input at once writes. Parts whose worker dies are delivered again.
/// </summary>
internal sealed class PartitionedPredictor(
    IBuiltinStep inner, ExecutorContext context, FleetConnection fleet, StepSpec step, string runId, string? previousWorker) : IBuiltinStep
{
    private static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The key-value entry holding a partitioned step's parts, claims and results.</summary>
    internal static string Key(string runId, string step) => $"mlmax-parts:{runId}:{step}";

    public async Task<int> RunAsync(StepWorkspace workspace, Action<string> log, CancellationToken cancellationToken)
    {
        var contract = workspace.Contract;
        var partsDirectory = Path.Combine(workspace.Directory, "parts");
        var split = await BatchPartitions.SplitAsync(contract.Inputs[PredictRunner.DataInput], step.Partitions ?? 1, partsDirectory, cancellationToken);
        var stored = new List<StoredPart>();
        foreach (var (part, i) in split.Select((p, i) => (p, i)))
        {
            // Each part alone in a directory: the artifact a part job materializes as its data input.
            var own = Path.Combine(partsDirectory, i.ToString("D5", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(own);
            File.Move(part.Path, Path.Combine(own, Path.GetFileName(part.Path)));
            var (id, _) = await context.Artifacts.IngestDirectoryAsync(own, cancellationToken);
            stored.Add(new StoredPart(id, part.FirstRow, part.Rows));
        }

        var parameters = JsonSerializer.Serialize(contract.Parameters);
        var key = Key(runId, step.Name);
        await using (await fleet.LockRunAsync(key, cancellationToken))
        {
            using var connection = fleet.Storage.GetConnection();
            var entries = connection.GetAllEntriesFromHash(key) ?? [];
            var layout = JsonSerializer.Serialize(stored);
            var update = new Dictionary<string, string>(StringComparer.Ordinal) { ["parts"] = layout, ["parameters"] = parameters };
            if (entries.GetValueOrDefault("parts") != layout)
            {
                // A fresh split (or a different one): earlier claims and results do not apply.
                using var reset = connection.CreateWriteTransaction();
                reset.RemoveHash(key);
                reset.Commit();
                entries = [];
            }
            foreach (var field in entries.Keys.Where(k => k.StartsWith("error:", StringComparison.Ordinal) || k.StartsWith("claim:", StringComparison.Ordinal)))
            {
                if (field.StartsWith("error:", StringComparison.Ordinal) && entries[field].Length > 0)
                {
                    // This attempt scores failed parts again, wherever they failed.
                    update[field] = "";
                    update["claim:" + field["error:".Length..]] = "";
                }
            }

            if (previousWorker is not null)
            {
                // The worker that ran this step before died: its claims will never produce results.
                foreach (var (field, owner) in entries.Where(e => e.Key.StartsWith("claim:", StringComparison.Ordinal) && e.Value == previousWorker))
                {
                    update[field] = "";
                }
            }

            connection.SetRangeInHash(key, update);
            var client = new BackgroundJobClient(fleet.Storage);
            for (var i = 0; i < stored.Count; i++)
            {
                if (!entries.ContainsKey("result:" + i))
                {
                    var index = i;
                    client.Create(Job.FromExpression<PartitionJob>(j => j.RunAsync(runId, step.Name, index, null, CancellationToken.None)), new EnqueuedState(step.EffectivePool));
                }
            }
        }

        log($"split {PredictRunner.DataInput} into {stored.Count} part(s) of about {stored.Sum(s => s.Rows) / Math.Max(1, stored.Count):N0} rows, queued on pool {step.EffectivePool}");
        var scoredHere = 0;
        while (true)
        {
            var entries = EntriesOf(fleet, key);
            if (Enumerable.Range(0, stored.Count).FirstOrDefault(i => entries.GetValueOrDefault("error:" + i) is { Length: > 0 }, -1) is var failed and >= 0)
            {
                throw new InvalidOperationException(entries["error:" + failed]);
            }

            var done = Enumerable.Range(0, stored.Count).Count(i => entries.ContainsKey("result:" + i));
            if (done == stored.Count)
            {
                break;
            }

            if (await ClaimAsync(key, stored.Count, cancellationToken) is { } mine)
            {
                await ScorePartAsync(inner, context, fleet, runId, step, mine, log, cancellationToken);
                scoredHere++;
                continue;
            }

            await Task.Delay(WaitInterval, context.Time, cancellationToken);
        }

        var results = EntriesOf(fleet, key);
        var merged = new List<PredictedPart>();
        for (var i = 0; i < stored.Count; i++)
        {
            var result = JsonSerializer.Deserialize<PartResult>(results["result:" + i])!;
            var directory = Path.Combine(workspace.Directory, "scored", i.ToString("D5", CultureInfo.InvariantCulture));
            await context.Artifacts.MaterializeAsync(result.Predictions, directory, cancellationToken);
            var metrics = directory + ".metrics.json";
            await File.WriteAllTextAsync(metrics, JsonSerializer.Serialize(result.Metrics), cancellationToken);
            merged.Add(new PredictedPart(directory, metrics, stored[i].FirstRow));
        }

        var parametersOf = contract.Parameters;
        var idColumn = parametersOf.TryGetValue("id_column", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        await BatchPartitions.MergeAsync(merged, contract.Outputs[PredictRunner.PredictionsOutput], contract.MetricsFile, idColumn, cancellationToken);
        log($"merged {stored.Count} part(s) in order ({scoredHere} scored by this worker, {stored.Count - scoredHere} by others)");
        return 0;
    }

    /// <summary>Scores one part: its data from the artifact store, the step's parameters, the step's own predict code; the result recorded for the merge.</summary>
    internal static async Task ScorePartAsync(
        IBuiltinStep predictor, ExecutorContext context, FleetConnection fleet, string runId, StepSpec step, int index, Action<string> log, CancellationToken cancellationToken)
    {
        var key = Key(runId, step.Name);
        var entries = EntriesOf(fleet, key);
        var parts = JsonSerializer.Deserialize<List<StoredPart>>(entries["parts"])!;
        var parameters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entries["parameters"])!
            .ToDictionary(p => p.Key, p => Value(p.Value), StringComparer.Ordinal);
        var work = context.WorkDirectory(runId, $"{step.Name}.part{index}");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var workspace = StepWorkspace.Create(work, step.Name, runId, context.ProjectRoot, [PredictRunner.DataInput], [PredictRunner.PredictionsOutput], parameters);
        await context.Artifacts.MaterializeAsync(parts[index].Artifact, StepWorkspace.InputPath(work, PredictRunner.DataInput), cancellationToken);
        var last = new Queue<string>();
        var exit = await predictor.RunAsync(workspace, line =>
        {
            lock (last)
            {
                last.Enqueue(line);
                if (last.Count > 3)
                {
                    last.Dequeue();
                }
            }

            log($"part {index + 1}/{parts.Count}: {line}");
        }, cancellationToken);
        if (exit != 0)
        {
            var error = $"part {index + 1} of {parts.Count} (input rows {parts[index].FirstRow + 1}-{parts[index].FirstRow + parts[index].Rows}; row numbers below count from the part's first row) failed on {ExecutorContext.Owner} "
                        + $"with exit code {exit}: {string.Join(" | ", last)}";
            RecordError(fleet, key, index, error);
            throw new InvalidOperationException(error);
        }

        var (predictions, _) = await context.Artifacts.IngestDirectoryAsync(workspace.Contract.Outputs[PredictRunner.PredictionsOutput], cancellationToken);
        var metrics = workspace.ReadMetrics();
        using (var connection = fleet.Storage.GetConnection())
        {
            connection.SetRangeInHash(key, [new("result:" + index, JsonSerializer.Serialize(new PartResult(predictions, metrics)))]);
        }

        Directory.Delete(work, recursive: true);
    }

    /// <summary>Records why a part failed, for the step's worker to fail the step with.</summary>
    internal static void RecordError(FleetConnection fleet, string key, int index, string error)
    {
        using var connection = fleet.Storage.GetConnection();
        if ((connection.GetAllEntriesFromHash(key) ?? []).GetValueOrDefault("error:" + index) is not { Length: > 0 })
        {
            connection.SetRangeInHash(key, [new("error:" + index, error)]);
        }
    }

    /// <summary>Claims part <paramref name="index"/> for this worker unless someone holds it or it is done; <see langword="false"/> otherwise.</summary>
    internal static async Task<bool> TryClaimAsync(FleetConnection fleet, string key, int index, bool takeOver, CancellationToken cancellationToken)
    {
        await using (await fleet.LockRunAsync(key, cancellationToken))
        {
            var entries = EntriesOf(fleet, key);
            if (!entries.ContainsKey("parts") || entries.ContainsKey("result:" + index)
                || (!takeOver && entries.GetValueOrDefault("claim:" + index) is { Length: > 0 }))
            {
                return false;
            }

            using var connection = fleet.Storage.GetConnection();
            connection.SetRangeInHash(key, [new("claim:" + index, ExecutorContext.Owner)]);
            return true;
        }
    }

    private async Task<int?> ClaimAsync(string key, int count, CancellationToken cancellationToken)
    {
        // From the last part backwards: part jobs are queued first to last, so the two rarely meet. Only parts that
        // look free are tried, each under the lock, so waiting costs one read per round, not one lock per part.
        var entries = EntriesOf(fleet, key);
        for (var i = count - 1; i >= 0; i--)
        {
            if (entries.ContainsKey("result:" + i) || entries.GetValueOrDefault("claim:" + i) is { Length: > 0 })
            {
                continue;
            }

            if (await TryClaimAsync(fleet, key, i, takeOver: false, cancellationToken))
            {
                return i;
            }
        }

        return null;
    }

    private static Dictionary<string, string> EntriesOf(FleetConnection fleet, string key)
    {
        using var connection = fleet.Storage.GetConnection();
        return connection.GetAllEntriesFromHash(key) ?? [];
    }

    private static object Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        _ => e.GetRawText(),
    };

    private sealed record StoredPart(string Artifact, long FirstRow, long Rows);

    private sealed record PartResult(string Predictions, IReadOnlyDictionary<string, double> Metrics);
}

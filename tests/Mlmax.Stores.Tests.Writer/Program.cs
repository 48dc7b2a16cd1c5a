// Usage: Mlmax.Stores.Tests.Writer URL WRITER RUNS
// Migrates (racing the other writers on a fresh database), then records RUNS runs of two step runs each, with
// metrics, a private output and an artifact every writer shares, and registers one model version per run of a model
// every writer shares. Prints "ok" and exits 0, or prints the error and exits 1.
using System.Globalization;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Stores.Postgres;

var url = args[0];
var writer = int.Parse(args[1], CultureInfo.InvariantCulture);
var runs = int.Parse(args[2], CultureInfo.InvariantCulture);
var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
var shared = "sha256:" + new string('5', 64);

try
{
    await using var store = new PostgresMetadataStore(url);
    await store.MigrateAsync(CancellationToken.None);
    for (var i = 0; i < runs; i++)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"w{writer}-r{i:D3}");
        var started = t0.AddSeconds((writer * runs) + i);
        var output = "sha256:" + string.Create(CultureInfo.InvariantCulture, $"{writer:D2}{i:D3}").PadRight(64, 'a');
        var run = new RunRecord
        {
            Id = id,
            Pipeline = "concurrent",
            DefinitionVersion = "v1",
            DefinitionJson = "{}",
            ParametersJson = "{}",
            InputsJson = "{}",
            EnvironmentJson = "{}",
            StartedAt = started,
            Owner = string.Create(CultureInfo.InvariantCulture, $"writer:{Environment.ProcessId}"),
        };
        await store.CreateRunAsync(run, CancellationToken.None);
        await store.SaveStepRunAsync(new StepRunRecord
        {
            RunId = id,
            Step = "prep",
            Status = RunStatus.Succeeded,
            Attempts = 1,
            StartedAt = started,
            EndedAt = started.AddSeconds(1),
            Inputs = new Dictionary<string, string> { ["raw"] = shared },
            Outputs = new Dictionary<string, string> { ["train"] = output },
            Metrics = new Dictionary<string, double> { ["rows"] = i },
        }, [new ArtifactRecord(shared, 1, 1, t0), new ArtifactRecord(output, 2, 1, started)], CancellationToken.None);
        await store.SaveStepRunAsync(new StepRunRecord
        {
            RunId = id,
            Step = "train",
            Status = RunStatus.Succeeded,
            Attempts = 1,
            StartedAt = started.AddSeconds(1),
            EndedAt = started.AddSeconds(2),
            Inputs = new Dictionary<string, string> { ["train"] = output },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.5 + (i / 1000.0), ["loss"] = writer },
        }, [], CancellationToken.None);
        await store.UpdateRunAsync(run with { Status = RunStatus.Succeeded, EndedAt = started.AddSeconds(3) }, CancellationToken.None);
        await store.RegisterAsync(new ModelVersionRecord
        {
            Name = "shared",
            Version = 0,
            BundleArtifact = output,
            Components = new Dictionary<string, string> { ["model"] = output },
            RunId = id,
            CreatedAt = started,
        }, "writer", null, CancellationToken.None);
    }

    Console.WriteLine("ok");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}

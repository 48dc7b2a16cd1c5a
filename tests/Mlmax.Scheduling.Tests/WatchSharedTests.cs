using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Mlmax.Stores.S3;
using Mlmax.Testing.S3;

namespace Mlmax.Scheduling.Tests;

/// <summary>Data triggers shared by two schedulers on one PostgreSQL database, and on an S3 prefix (the throwaway S3 server).</summary>
[Collection(PostgresCollection.Name)]
public sealed class WatchSharedTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = Slots.Utc("2026-03-28T00:00:00Z");

    [Fact]
    public async Task TwoRunners_OnePostgresDatabase_OneRunPerFile()
    {
        await using var h = await SchedulerHarness.PostgresAsync(postgres, Start);
        var incoming = Directory.CreateDirectory(Path.Combine(h.Scratch, "incoming")).FullName;
        foreach (var name in new[] { "a.csv", "b.csv", "c.csv" })
        {
            await File.WriteAllTextAsync(Path.Combine(incoming, name), name);
        }

        var a = await h.StartRunnerAsync("node-a");
        var b = await h.StartRunnerAsync("node-b");
        await a.Schedules.AddWatchAsync(WatchTests.Spec(incoming), CancellationToken.None);

        await h.RunClockAsync(Start.AddMinutes(2));
        await File.WriteAllTextAsync(Path.Combine(incoming, "d.csv"), "d");
        await h.RunClockAsync(Start.AddMinutes(4));
        await Eventually.TrueAsync(() => h.Launcher.Recorded.Count >= 4, "four runs");
        await Eventually.SettleAsync(1000);

        Assert.Equal(["a.csv", "b.csv", "c.csv", "d.csv"], h.Launcher.Recorded.Select(r => r.Trigger.Detail![..5]).Order(StringComparer.Ordinal));
        Assert.Equal(4, h.Launcher.Calls.Select(c => c.Trigger.Key).Distinct().Count());
        Assert.True(a.IsActive && b.IsActive);
    }

    [Fact]
    public async Task Poll_S3Prefix_OneRunPerObjectWithALocalCopy()
    {
        await using var server = await S3Server.StartAsync();
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey),
            S3ClientConfiguration.FromEnvironment(name => server.Environment.GetValueOrDefault(name)));
        var url = server.NewUrl("watch");
        var root = S3Root.Parse(url);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = root.Bucket, Key = root.Prefix + "/a.csv", ContentBody = "x,y\n1,2\n", UseChunkEncoding = false });
        await client.PutObjectAsync(new PutObjectRequest { BucketName = root.Bucket, Key = root.Prefix + "/skip.txt", ContentBody = "no", UseChunkEncoding = false });
        await client.PutObjectAsync(new PutObjectRequest { BucketName = root.Bucket, Key = root.Prefix + "/deeper/b.csv", ContentBody = "no", UseChunkEncoding = false });
        await using var h = await SchedulerHarness.SqliteAsync(Start);
        h.S3Client = client;
        var runner = await h.StartRunnerAsync();
        await runner.Schedules.AddWatchAsync(WatchTests.Spec(url + "/"), CancellationToken.None);

        await h.AdvanceUntilCallsAsync(TimeSpan.Zero, 1);   // objects are published whole: taken at the first poll
        await h.AdvanceAsync(TimeSpan.FromSeconds(10), 3, settleMs: 100);
        await h.PolledAsync("training.new_data", 4);

        var call = Assert.Single(h.Launcher.Calls);
        Assert.Matches("^a\\.csv \\(ETag \"?[0-9a-f]{32}\"?\\)$", call.Trigger.Detail);
        Assert.Equal("x,y\n1,2\n", await File.ReadAllTextAsync(call.Inputs["raw"]));
        Assert.StartsWith(Path.Combine(h.Scratch, "staging"), call.Inputs["raw"], StringComparison.Ordinal);
    }
}

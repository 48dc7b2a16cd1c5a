using System.Diagnostics;
using System.Globalization;
using Mlmax.Metadata;
using Mlmax.Registry;
using Mlmax.Stores.Postgres;

namespace Mlmax.Stores.Tests;

/// <summary>Several OS processes (the Writer helper) migrating and writing to one fresh database at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresFixture postgres)
{
    private const int Writers = 8;
    private const int RunsPerWriter = 25;

    [Fact]
    public async Task Writers_EightProcessesOnFreshDatabase_NoErrorsAndNothingLost()
    {
        var url = await postgres.Server.CreateDatabaseAsync("mlmax_concurrency");
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => RunWriterAsync(url, w)));

            Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Stdout.Trim() == "ok", r.ToString()));
            await using var store = new PostgresMetadataStore(url);
            Assert.Equal([1, 2, 3, 4, 5], await PostgresMetadataStoreTests.QueryAsync(url, "SELECT version FROM mlmax_schema ORDER BY version;"));
            Assert.Equal([Writers * RunsPerWriter], await PostgresMetadataStoreTests.QueryAsync(url, "SELECT COUNT(*) FROM runs WHERE status = 'Succeeded';"));
            Assert.Equal([Writers * RunsPerWriter * 2], await PostgresMetadataStoreTests.QueryAsync(url, "SELECT COUNT(*) FROM step_runs;"));
            Assert.Equal([(Writers * RunsPerWriter) + 1], await PostgresMetadataStoreTests.QueryAsync(url, "SELECT COUNT(*) FROM artifacts;"));
            Assert.Equal([Writers * RunsPerWriter * 3], await PostgresMetadataStoreTests.QueryAsync(url, "SELECT COUNT(*) FROM artifact_uses;"));

            var runs = await store.ListRunsAsync("concurrent", 1000, CancellationToken.None);
            Assert.Equal(Writers * RunsPerWriter, runs.Select(r => r.Id).Distinct().Count());
            var last = await store.GetStepRunsAsync(string.Create(CultureInfo.InvariantCulture, $"w{Writers - 1}-r{RunsPerWriter - 1:D3}"), CancellationToken.None);
            Assert.Equal(["prep", "train"], last.Select(s => s.Step));
            Assert.Equal(Writers - 1, last[1].Metrics["loss"]);
            Assert.Equal(Writers * RunsPerWriter, (await store.GetArtifactUsesAsync("sha256:" + new string('5', 64), CancellationToken.None)).Count);

            var versions = await store.ListAsync("shared", CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, Writers * RunsPerWriter), versions.Select(v => v.Version).Order());
            Assert.Equal(Writers * RunsPerWriter, (await store.HistoryAsync("shared", CancellationToken.None)).Count);
            Assert.NotNull(await store.ResolveAsync(ModelReference.Parse("shared"), CancellationToken.None));
        }
        finally
        {
            await postgres.Server.DropDatabaseAsync(url);
        }
    }

    private static async Task<WriterResult> RunWriterAsync(string url, int writer)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlmax.Stores.Tests.Writer.dll"), url, writer.ToString(CultureInfo.InvariantCulture), RunsPerWriter.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new WriterResult(writer, process.ExitCode, await stdout, await stderr);
    }

    private sealed record WriterResult(int Writer, int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"writer {Writer}: exit {ExitCode}\n{Stdout}\n{Stderr}";
    }
}

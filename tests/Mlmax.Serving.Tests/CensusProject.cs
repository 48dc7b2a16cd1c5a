using Mlmax.Artifacts;
using Mlmax.Stores.Local;
using Mlmax.Stores.Sqlite;

namespace Mlmax.Serving.Tests;

/// <summary>
/// A census project trained once for the whole suite through the real CLI: <c>census:1</c> (default seed) holds
/// <c>@production</c>; <c>census:2</c> (seed 7) is registered but not promoted.
/// </summary>
public sealed class CensusProject : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlmax-serving-" + Guid.NewGuid().ToString("N")[..10]);

    public SqliteMetadataStore Metadata { get; private set; } = null!;

    public ArtifactStore Artifacts { get; private set; } = null!;

    public string CacheDirectory => Path.Combine(Root, ".mlmax", "tmp", "serving-tests");

    /// <summary>The sample's header (census names) without the label column.</summary>
    public string[] Header { get; private set; } = [];

    /// <summary>The first sample rows, without the label column, as raw CSV fields.</summary>
    public IReadOnlyList<string[]> Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await MustInAsync(Path.GetTempPath(), "init", Root, "--template", "census");
        await MustInAsync(Root, "run", "training", "--quiet");
        await MustInAsync(Root, "models", "promote", "census:1", "--to", "production");
        await MustInAsync(Root, "run", "training", "--param", "seed=7", "--quiet");
        var state = Path.Combine(Root, ".mlmax");
        Metadata = new SqliteMetadataStore(Path.Combine(state, "mlmax.db"));
        Artifacts = new ArtifactStore(new LocalBlobStore(Path.Combine(state, "artifacts")), new FileHashCache(Path.Combine(state, "cache", "file-hashes.json")));
        var lines = File.ReadLines(Path.Combine(Root, "data", "census-income-sample.csv")).Take(6).Select(l => l.Split(',')).ToList();
        var label = Array.IndexOf(lines[0], "income");
        Header = lines[0].Where((_, i) => i != label).ToArray();
        Rows = lines.Skip(1).Select(f => f.Where((_, i) => i != label).ToArray()).ToList();
    }

    internal Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(Root, args);

    public Task MustAsync(params string[] args) => MustInAsync(Root, args);

    public async Task DisposeAsync()
    {
        await Metadata.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task MustInAsync(string directory, params string[] args)
    {
        var result = await CliProcess.RunAsync(directory, args);
        Assert.True(result.ExitCode == 0, $"mlmax {string.Join(' ', args)}: {result}");
    }
}

[CollectionDefinition(Name)]
public sealed class CensusCollection : ICollectionFixture<CensusProject>
{
    public const string Name = "census";
}

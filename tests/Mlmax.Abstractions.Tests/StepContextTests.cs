using System.Text.Json;
using Mlmax.Specs;
using Mlmax.Steps;

namespace Mlmax.Abstractions.Tests;

public sealed class StepContextTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlmax-ctx-" + Guid.NewGuid().ToString("N")[..8]);

    public StepContextTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private StepContract Contract(Dictionary<string, JsonElement>? parameters = null) => new()
    {
        Step = "train",
        WorkingDirectory = _dir,
        Inputs = new Dictionary<string, string> { ["train"] = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName },
        Outputs = new Dictionary<string, string> { ["model"] = Directory.CreateDirectory(Path.Combine(_dir, "model")).FullName },
        Parameters = parameters ?? [],
        MetricsFile = Path.Combine(_dir, "metrics.json"),
    };

    private sealed class TrainParameters
    {
        public double LearningRate { get; set; } = 0.5;

        public int Trees { get; set; } = 10;

        public string Algorithm { get; set; } = "logistic";
    }

    private sealed class Train : Step<TrainParameters>
    {
        public TrainParameters? Seen { get; private set; }

        protected override Task ExecuteAsync(StepContext context, TrainParameters parameters, CancellationToken cancellationToken)
        {
            Seen = parameters;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task TypedStep_SnakeCaseParameters_BindToProperties()
    {
        var parameters = new Dictionary<string, JsonElement>
        {
            ["learning_rate"] = JsonSerializer.SerializeToElement(0.1),
            ["trees"] = JsonSerializer.SerializeToElement(200L),
        };
        var step = new Train();
        await ((IStep)step).ExecuteAsync(new StepContext(Contract(parameters), TextWriter.Null), CancellationToken.None);
        Assert.Equal(0.1, step.Seen!.LearningRate);
        Assert.Equal(200, step.Seen.Trees);
        Assert.Equal("logistic", step.Seen.Algorithm);
    }

    [Fact]
    public void LogMetric_TwoMetrics_WritesBothToMetricsFileAndLog()
    {
        using var log = new StringWriter();
        var context = new StepContext(Contract(), log);
        context.LogMetric("auc", 0.91);
        context.LogMetric("f1", 0.5);
        var written = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(_dir, "metrics.json")));
        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.91, ["f1"] = 0.5 }, written);
        Assert.Contains("metric auc = 0.91", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InputFile_TwoFilesInInput_ThrowsNamingInputAndCount()
    {
        var context = new StepContext(Contract(), TextWriter.Null);
        File.WriteAllText(Path.Combine(context.Input("train"), "a.csv"), "");
        File.WriteAllText(Path.Combine(context.Input("train"), "b.csv"), "");
        var e = Assert.Throws<InvalidOperationException>(() => context.InputFile("train"));
        Assert.Contains("input 'train' of step 'train' holds 2 files", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_UnknownName_ThrowsListingOutputs()
    {
        var context = new StepContext(Contract(), TextWriter.Null);
        var e = Assert.Throws<KeyNotFoundException>(() => context.Output("modle"));
        Assert.Contains("(it has: model)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contract_SaveThenLoad_RoundTrips()
    {
        var contract = Contract(new Dictionary<string, JsonElement> { ["c"] = JsonSerializer.SerializeToElement(1.5) });
        var path = Path.Combine(_dir, StepContract.FileName);
        contract.Save(path);
        var loaded = StepContract.Load(path);
        Assert.Equal(contract.Inputs, loaded.Inputs);
        Assert.Equal(1.5, loaded.Parameters["c"].GetDouble());
    }

    [Theory]
    [InlineData("inputs.raw", "inputs.raw")]
    [InlineData("preprocess.train", "preprocess.train")]
    [InlineData("nodot", null)]
    [InlineData("a.b.c", null)]
    [InlineData(".x", null)]
    public void DataReference_TryParse_AcceptsOnlyTwoPartReferences(string text, string? expected) =>
        Assert.Equal(expected, DataReference.TryParse(text)?.ToString());

    [Fact]
    public void RetryPolicy_DelayBefore_DoublesFromSecondAttempt()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromSeconds(1));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)],
            Enumerable.Range(1, 4).Select(policy.DelayBefore));
    }
}

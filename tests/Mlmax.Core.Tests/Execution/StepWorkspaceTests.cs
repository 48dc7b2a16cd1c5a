using System.Globalization;
using System.Text.Json;
using Mlmax.Execution;
using Mlmax.Steps;

namespace Mlmax.Core.Tests.Execution;

public sealed class StepWorkspaceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private StepWorkspace Create(IReadOnlyDictionary<string, object>? parameters = null) => StepWorkspace.Create(
        _temp.Combine("w"), "train", "run-1", _temp.Combine("project"),
        ["train", "val-set.v2"], ["model", "predictions"],
        parameters ?? new Dictionary<string, object> { ["lr"] = 0.05, ["epochs"] = 3L, ["label"] = "income", ["balanced"] = true });

    private string W => Path.GetFullPath(_temp.Combine("w"));

    [Fact]
    public void Create_Inputs_ChannelDirectoriesAndVariables()
    {
        var ws = Create();

        Assert.Equal(Path.Combine(W, "input", "data", "train"), ws.Environment["SM_CHANNEL_TRAIN"]);
        Assert.Equal(Path.Combine(W, "input", "data", "train"), ws.Environment["MLMAX_INPUT_TRAIN"]);
        Assert.Equal(Path.Combine(W, "input", "data", "val-set.v2"), ws.Environment["SM_CHANNEL_VAL_SET_V2"]);
        Assert.True(Directory.Exists(ws.Environment["SM_CHANNEL_VAL_SET_V2"]));
        Assert.Equal(["train", "val-set.v2"], JsonSerializer.Deserialize<string[]>(ws.Environment["SM_CHANNELS"])!);
        Assert.Equal(Path.Combine(W, "input", "data", "train"), StepWorkspace.InputPath(W, "train"));
        var link = new DirectoryInfo(Path.Combine(W, "processing", "input", "train"));
        Assert.Equal(Path.Combine(W, "input", "data", "train"), link.LinkTarget);
    }

    [Fact]
    public void Create_OutputNamedModel_IsSmModelDir()
    {
        var ws = Create();

        Assert.Equal(Path.Combine(W, "model"), ws.Environment["SM_MODEL_DIR"]);
        Assert.Equal(Path.Combine(W, "model"), ws.Environment["MLMAX_OUTPUT_MODEL"]);
        Assert.Equal(Path.Combine(W, "model"), ws.Contract.Outputs["model"]);
        Assert.Equal(Path.Combine(W, "output", "predictions"), ws.Environment["MLMAX_OUTPUT_PREDICTIONS"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ws.Contract.Outputs["predictions"]));
        Assert.Equal(Path.Combine(W, "output", "predictions"), new DirectoryInfo(Path.Combine(W, "processing", "output", "predictions")).LinkTarget);
    }

    [Fact]
    public void Create_Always_SetsFixedSageMakerAndMlmaxVariables()
    {
        var ws = Create();

        Assert.Equal(Path.Combine(W, "output", "data"), ws.Environment["SM_OUTPUT_DATA_DIR"]);
        Assert.True(Directory.Exists(ws.Environment["SM_OUTPUT_DATA_DIR"]));
        Assert.Equal(Path.Combine(W, "input"), ws.Environment["SM_INPUT_DIR"]);
        Assert.Equal(Path.Combine(W, "output"), ws.Environment["SM_OUTPUT_DIR"]);
        Assert.Equal(W, ws.Environment["MLMAX_WORK_DIR"]);
        Assert.Equal("train", ws.Environment["MLMAX_STEP"]);
        Assert.Equal("run-1", ws.Environment["MLMAX_RUN_ID"]);
        Assert.Equal(Path.GetFullPath(_temp.Combine("project")), ws.Environment["MLMAX_PROJECT_DIR"]);
        Assert.Equal(Path.Combine(W, "metrics.json"), ws.Environment["MLMAX_METRICS_FILE"]);
        Assert.Equal(Path.Combine(W, StepContract.FileName), ws.Environment["MLMAX_CONTRACT"]);
    }

    [Fact]
    public void Create_Parameters_HyperparametersJsonHoldsStrings()
    {
        Create();

        var hyper = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(W, "input", "config", "hyperparameters.json")))!;

        Assert.All(hyper.Values, v => Assert.Equal(JsonValueKind.String, v.ValueKind));
        Assert.Equal(
            new Dictionary<string, string> { ["balanced"] = "true", ["epochs"] = "3", ["label"] = "income", ["lr"] = "0.05" },
            hyper.ToDictionary(p => p.Key, p => p.Value.GetString()!));
    }

    [Fact]
    public void Create_Parameters_TypedJsonAndVariables()
    {
        var ws = Create();

        using var typed = JsonDocument.Parse(File.ReadAllText(Path.Combine(W, "parameters.json")));
        Assert.Equal(0.05, typed.RootElement.GetProperty("lr").GetDouble());
        Assert.Equal(3, typed.RootElement.GetProperty("epochs").GetInt64());
        Assert.Equal("income", typed.RootElement.GetProperty("label").GetString());
        Assert.True(typed.RootElement.GetProperty("balanced").GetBoolean());
        using var hps = JsonDocument.Parse(ws.Environment["SM_HPS"]);
        Assert.Equal(3, hps.RootElement.GetProperty("epochs").GetInt64());
        Assert.Equal("0.05", ws.Environment["SM_HP_LR"]);
        Assert.Equal("true", ws.Environment["MLMAX_PARAM_BALANCED"]);
        Assert.Equal("income", ws.Environment["MLMAX_PARAM_LABEL"]);
    }

    [Fact]
    public void ParameterArguments_MixedTypes_SortedByNameInvariantText()
    {
        var ws = Create();

        Assert.Equal(
            ["--balanced", "true", "--epochs", "3", "--label", "income", "--lr", "0.05"],
            ws.ParameterArguments());
    }

    [Fact]
    public void Create_UnderCommaDecimalCulture_NumbersStayInvariant()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var ws = Create(new Dictionary<string, object> { ["lr"] = 1234.5 });

            Assert.Equal("1234.5", ws.Environment["MLMAX_PARAM_LR"]);
            Assert.Equal(["--lr", "1234.5"], ws.ParameterArguments());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void ParameterArguments_WholeNumberParameter_KeepsDecimalPointAsDocumented()
    {
        var ws = Create(new Dictionary<string, object> { ["c"] = 1.0 });

        Assert.Equal(["--c", "1.0"], ws.ParameterArguments());
    }

    [Fact]
    public void Create_Contract_SavedAndLoadable()
    {
        var ws = Create();

        var loaded = StepContract.Load(ws.Environment["MLMAX_CONTRACT"]);

        Assert.Equal("train", loaded.Step);
        Assert.Equal("run-1", loaded.RunId);
        Assert.Equal(ws.Contract.Inputs, loaded.Inputs);
        Assert.Equal(ws.Contract.Outputs, loaded.Outputs);
        Assert.Equal(ws.Contract.MetricsFile, loaded.MetricsFile);
    }

    [Fact]
    public void ReadMetrics_FlatNumbers_ReturnsThem()
    {
        var ws = Create();
        File.WriteAllText(ws.Contract.MetricsFile, """{"auc": 0.9, "n": 10}""");

        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.9, ["n"] = 10 }, ws.ReadMetrics());
    }

    [Fact]
    public void ReadMetrics_NoFile_Empty() => Assert.Empty(Create().ReadMetrics());

    [Theory]
    [InlineData("""{"auc": "high"}""")]
    [InlineData("""{"nested": {"a": 1}}""")]
    [InlineData("not json")]
    public void ReadMetrics_NotFlatNumbers_ThrowsInvalidDataNamingFile(string content)
    {
        var ws = Create();
        File.WriteAllText(ws.Contract.MetricsFile, content);

        var e = Assert.Throws<InvalidDataException>(ws.ReadMetrics);

        Assert.Contains("metrics.json", e.Message, StringComparison.Ordinal);
    }
}

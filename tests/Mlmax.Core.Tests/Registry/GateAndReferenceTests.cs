using Mlmax.Registry;
using Mlmax.Specs;

namespace Mlmax.Core.Tests.Registry;

public sealed class GateAndReferenceTests
{
    private static readonly Dictionary<string, double> Candidate = new() { ["auc"] = 0.85, ["log_loss"] = 0.30 };
    private static readonly Dictionary<string, double> Holder = new() { ["auc"] = 0.87, ["log_loss"] = 0.28 };

    [Theory]
    [InlineData("census", "census", null, null)]
    [InlineData("census:3", "census", 3, null)]
    [InlineData("census@production", "census", null, "production")]
    [InlineData("census-python@staging", "census-python", null, "staging")]
    public void Parse_ValidReference_SplitsNameVersionAlias(string text, string name, int? version, string? alias)
    {
        var r = ModelReference.Parse(text);
        Assert.Equal((name, version, alias), (r.Name, r.Version, r.Alias));
        Assert.Equal(text, r.ToString());
    }

    [Theory]
    [InlineData("Census")]
    [InlineData("census:0")]
    [InlineData("census:x")]
    [InlineData("census@")]
    [InlineData("census:1@prod")]
    public void Parse_Malformed_ThrowsListingForms(string text)
    {
        var e = Assert.Throws<FormatException>(() => ModelReference.Parse(text));
        Assert.Contains("NAME:VERSION", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AbsoluteBounds_PassAndFailOnValue()
    {
        var results = GateEvaluator.Evaluate([new PromotionGate("auc") { Min = 0.8, Max = 0.84 }], "production", Candidate, null);
        Assert.Equal([true, false], results.Select(r => r.Passed));
        Assert.Equal("auc <= 0.84", results[1].Gate);
    }

    [Fact]
    public void Evaluate_RelativeBounds_CompareWithHolder()
    {
        var gates = new[] { new PromotionGate("auc") { MaxDrop = 0.01 }, new PromotionGate("log_loss") { MaxRise = 0.05 } };
        var results = GateEvaluator.Evaluate(gates, "production", Candidate, Holder);
        Assert.False(results[0].Passed);
        Assert.Equal("auc 0.87 -> 0.85 (-0.02)", results[0].Detail);
        Assert.True(results[1].Passed);
    }

    [Fact]
    public void Evaluate_RelativeBoundWithoutHolder_Passes()
    {
        var results = GateEvaluator.Evaluate([new PromotionGate("auc") { MaxDrop = 0.01 }], "production", Candidate, null);
        Assert.True(Assert.Single(results).Passed);
    }

    [Fact]
    public void Evaluate_GateForOtherAlias_IsSkipped() =>
        Assert.Empty(GateEvaluator.Evaluate([new PromotionGate("auc") { Min = 0.99, Alias = "production" }], "staging", Candidate, null));

    [Fact]
    public void Evaluate_MissingMetric_FailsNamingIt()
    {
        var result = Assert.Single(GateEvaluator.Evaluate([new PromotionGate("f1") { Min = 0.1 }], "production", Candidate, null));
        Assert.False(result.Passed);
        Assert.Contains("no metric 'f1'", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auc>=0.8", 0.8, null, null, null)]
    [InlineData("log_loss<=0.3", null, 0.3, null, null)]
    [InlineData("auc drop<=0.01", null, null, 0.01, null)]
    [InlineData("log_loss rise<=0.05", null, null, null, 0.05)]
    public void Parse_CommandLineGate_Recognized(string text, double? min, double? max, double? drop, double? rise)
    {
        var g = GateEvaluator.Parse(text);
        Assert.Equal((min, max, drop, rise), (g.Min, g.Max, g.MaxDrop, g.MaxRise));
    }

    [Fact]
    public void Parse_Nonsense_ThrowsWithExample() =>
        Assert.Contains("--gate auc>=0.8", Assert.Throws<FormatException>(() => GateEvaluator.Parse("auc ~ 3")).Message, StringComparison.Ordinal);
}

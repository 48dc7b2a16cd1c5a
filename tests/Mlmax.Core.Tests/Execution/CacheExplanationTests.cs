using Mlmax.Execution;

namespace Mlmax.Core.Tests.Execution;

public sealed class CacheExplanationTests
{
    private static CacheKeyParts Parts(
        (string, string)[]? code = null, (string, string)[]? parameters = null, (string, string)[]? inputs = null, string runner = "[\"bash\"]", string[]? outputs = null) => new(
        new SortedDictionary<string, string>((code ?? [("a.py", "h1")]).ToDictionary(p => p.Item1, p => p.Item2), StringComparer.Ordinal),
        runner,
        new SortedDictionary<string, string>((parameters ?? [("x", "1")]).ToDictionary(p => p.Item1, p => p.Item2), StringComparer.Ordinal),
        new SortedDictionary<string, string>((inputs ?? [("in", "sha256:" + new string('a', 64))]).ToDictionary(p => p.Item1, p => p.Item2), StringComparer.Ordinal),
        outputs ?? ["out"],
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["os"] = "linux" });

    [Fact]
    public void Differences_NoPrevious_SaysNoEarlierRun() =>
        Assert.Equal(["no earlier run of this step"], CacheExplanation.Differences(null, Parts()));

    [Fact]
    public void Differences_Identical_Empty() => Assert.Empty(CacheExplanation.Differences(Parts(), Parts()));

    [Fact]
    public void Differences_CodeAddedRemovedChanged_OnePhraseEach()
    {
        var before = Parts(code: [("a.py", "h1"), ("b.py", "h2")]);
        var after = Parts(code: [("a.py", "h9"), ("c.py", "h3")]);

        Assert.Equal(["code a.py changed", "code b.py removed", "code c.py added"], CacheExplanation.Differences(before, after));
    }

    [Fact]
    public void Differences_ParameterAndInputChanged_ShowsParamValuesAndShortInputIds()
    {
        var before = Parts(parameters: [("x", "1"), ("y", "\"a\"")]);
        var after = Parts(parameters: [("x", "2"), ("y", "\"a\"")], inputs: [("in", "sha256:" + new string('b', 64))]);

        Assert.Equal(["param x changed 1 -> 2", "input in changed (aaaaaaaaaaaa -> bbbbbbbbbbbb)"], CacheExplanation.Differences(before, after));
    }

    [Fact]
    public void Key_AnyPartChanged_Differs()
    {
        var keys = new[]
        {
            Parts(), Parts(code: [("a.py", "h2")]), Parts(parameters: [("x", "2")]), Parts(inputs: [("in", "sha256:" + new string('c', 64))]),
            Parts(runner: "[\"sh\"]"), Parts(outputs: ["out", "more"]),
        }.Select(p => p.Key()).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(Parts().Key(), Parts().Key());
    }

    [Fact]
    public void FromJson_ToJsonRoundTrip_SameKey()
    {
        var parts = Parts();

        Assert.Equal(parts.Key(), CacheKeyParts.FromJson(parts.ToJson())!.Key());
    }
}

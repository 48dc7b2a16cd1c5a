using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Tests.Reports;

namespace Mlmax.Monitoring.Tests.Drift;

/// <summary>Reports and thresholds read back from their JSON (recorded checks are reused from it).</summary>
public sealed class ReportJsonTests
{
    [Fact]
    public void FromJson_ReportWithDriftAndDistributions_ReadsBackTheSameJson()
    {
        var report = SyntheticReports.Drifted().Input;

        var read = DriftReport.FromJson(report.ToJson());

        Assert.Equal(report.ToJson(), read.ToJson());
        Assert.Equal(report.Drifted, read.Drifted);
        var age = read.Features.Single(f => f.Name == "age");
        Assert.Equal(report.Features.Single(f => f.Name == "age").Distribution!.Batch, age.Distribution!.Batch);
        Assert.Equal(FeatureKind.Numeric, age.Kind);
    }

    [Fact]
    public void ToJson_SameThresholdsInAnyOrder_SameText()
    {
        var a = DriftThresholds.Default with
        {
            Features = new Dictionary<string, FeatureThresholds> { ["b"] = new() { Psi = 0.1 }, ["a"] = new() { Psi = null } },
        };
        var b = DriftThresholds.Default with
        {
            Features = new Dictionary<string, FeatureThresholds> { ["a"] = new() { Psi = null }, ["b"] = new() { Psi = 0.1 } },
        };

        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.NotEqual(a.ToJson(), DriftThresholds.Default.ToJson());
        Assert.Contains("\"psi\": 0.1", a.ToJson(), StringComparison.Ordinal);
    }
}

namespace Mlmax.Definitions.Tests;

/// <summary>The <c>monitoring:</c> section of mlmax.yaml: thresholds global and per feature, alerts.</summary>
public sealed class ProjectLoaderMonitoringTests
{
    private readonly ProjectLoader loader = new();

    [Fact]
    public void Parse_FullMonitoringSection_MapsThresholdsFeaturesAndAlerts()
    {
        var settings = loader.Parse("""
            name: census
            monitoring:
              thresholds:
                psi: 0.25
                ks_p_value: 0.001
                minimum_count: 100
                features:
                  age: { psi: 0.1 }
                  "capital gains": { ignore: true }
              alerts:
                - log: true
                - webhook: https://hooks.example.com/drift?token=abc
                  headers: { Authorization: Bearer xyz }
            """, "mlmax.yaml").Monitoring!;

        Assert.Equal(0.25, settings.Thresholds["psi"]);
        Assert.Equal(0.001, settings.Thresholds["ks_p_value"]);
        Assert.Equal(100, settings.MinimumCount);
        Assert.Equal(0.1, settings.Features["age"].Thresholds["psi"]);
        Assert.False(settings.Features["age"].Ignore);
        Assert.Equal(8, settings.Features["age"].Line);
        Assert.True(settings.Features["capital gains"].Ignore);
        Assert.Equal(2, settings.Alerts.Count);
        Assert.True(settings.Alerts[0].Log);
        Assert.Null(settings.Alerts[0].Webhook);
        Assert.Equal("https://hooks.example.com/drift?token=abc", settings.Alerts[1].Webhook!.ToString());
        Assert.Equal("Bearer xyz", settings.Alerts[1].Headers["Authorization"]);
    }

    [Fact]
    public void Parse_EmptyMonitoringSection_DefaultsAndNoAlerts()
    {
        var settings = loader.Parse("name: census\nmonitoring:\n", "mlmax.yaml").Monitoring!;

        Assert.Empty(settings.Thresholds);
        Assert.Empty(settings.Features);
        Assert.Empty(settings.Alerts);
        Assert.Null(settings.MinimumCount);
        Assert.Null(loader.Parse("name: census\n", "mlmax.yaml").Monitoring);
    }

    [Fact]
    public void Parse_BadMonitoringSection_EveryProblemLocatedAndExplained()
    {
        var errors = Assert.Throws<DefinitionException>(() => loader.Parse("""
            name: census
            monitoring:
              thresholds:
                psi: -0.2
                js: 0.1
                ks_p_value: 1.5
                features:
                  age: { psi: high, colour: 1 }
              alerts:
                - webhook: ftp://example.com/x
                - log: true
                  webhook: https://example.com/y
                - email: me@example.com
            """, "mlmax.yaml")).Errors;

        Assert.Equal(
            [
                ("monitoring.thresholds.psi", 4), ("monitoring.thresholds.js", 5), ("monitoring.thresholds.ks_p_value", 6),
                ("monitoring.thresholds.features.age.colour", 8), ("monitoring.thresholds.features.age.psi", 8),
                ("monitoring.alerts[0].webhook", 10), ("monitoring.alerts[1]", 11), ("monitoring.alerts[2]", 13), ("monitoring.alerts[2].email", 13),
            ],
            errors.Select(e => (e.Key, e.Line)).OrderBy(e => e.Line).ThenBy(e => e.Key, StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("psi -0.2 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("unknown key 'js'", StringComparison.Ordinal) && e.Message.Contains("js_distance", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("p-value threshold is above 0 and below 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("expected a number, got 'high'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("either '- webhook: URL'", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("mlmax.yaml", e.File));
    }

    [Fact]
    public void Parse_RunAlert_PipelineWithParametersAndInputs()
    {
        var alert = Assert.Single(loader.Parse("""
            name: census
            monitoring:
              alerts:
                - run: training
                  params: { l2: 0.1 }
                  inputs: { raw: data/latest.csv }
            """, "mlmax.yaml").Monitoring!.Alerts);

        Assert.Equal("training", alert.Run);
        Assert.Equal("0.1", alert.Parameters["l2"]);
        Assert.Equal("data/latest.csv", alert.Inputs["raw"]);
        Assert.False(alert.Log);
        Assert.Null(alert.Webhook);
    }

    [Fact]
    public void Parse_RunAlertMixedWithLogOrParamsAlone_LocatedAndExplained()
    {
        var errors = Assert.Throws<DefinitionException>(() => loader.Parse("""
            name: census
            monitoring:
              alerts:
                - run: training
                  log: true
                - log: true
                  params: { l2: 0.1 }
            """, "mlmax.yaml")).Errors;

        Assert.Equal([("monitoring.alerts[0]", 4), ("monitoring.alerts[1]", 6)], errors.Select(e => (e.Key, e.Line)).OrderBy(e => e.Line));
        Assert.All(errors, e => Assert.Contains("'- run: PIPELINE' (with optional params: and inputs:)", e.Message, StringComparison.Ordinal));
    }
}

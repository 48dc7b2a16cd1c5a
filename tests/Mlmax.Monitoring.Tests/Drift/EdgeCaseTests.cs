using System.Text.Json;
using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Drift;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Tests.Synthetic;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Tests.Drift;

/// <summary>Edge cases give clear results, not exceptions.</summary>
public sealed class EdgeCaseTests
{
    private static readonly Baseline Training = BaselineFactory.Features(SyntheticData.Generate(3000, 21).Rows);

    private static DriftReport Analyze(IReadOnlyList<string> header, IEnumerable<string?[]> rows, DriftThresholds? thresholds = null, Baseline? baseline = null)
    {
        baseline ??= Training;
        var builder = new BatchProfileBuilder(baseline, header, "batch.csv");
        foreach (var row in rows)
        {
            builder.Add(row);
        }

        return DriftAnalyzer.Analyze(baseline, builder.Build(), thresholds ?? DriftThresholds.Default);
    }

    private static List<string?[]> Batch(int rows = 1000, SyntheticDrift? drift = null) => SyntheticData.Generate(rows, 22, drift).Rows;

    [Fact]
    public void Analyze_EmptyBatch_NothingFlaggedAndSaysSo()
    {
        var report = Analyze(SyntheticData.Header, []);
        Assert.Empty(report.Drifted);
        Assert.Equal(0, report.BatchRows);
        Assert.All(report.Features, f => Assert.Equal(FeatureStatus.NoBatchValues, f.Status));
        Assert.All(report.Features, f => Assert.Null(f.Quality.MissingRate));
        Assert.All(report.Features, f => Assert.Equal(new FeatureMeasures(), f.Measures));
        Assert.Contains("batch.csv has no rows: nothing to measure", report.Notes);
    }

    [Fact]
    public void Analyze_AllMissingColumn_FlagsItsMissingRateWithoutDistributionMeasures()
    {
        var rows = Batch();
        rows.ForEach(r => r[Array.IndexOf(SyntheticData.Header, "plan")] = " ? ");
        var report = Analyze(SyntheticData.Header, rows);
        Assert.Equal(["plan"], report.Drifted);
        var plan = report.Features.Single(f => f.Name == "plan");
        Assert.Equal(FeatureStatus.NoBatchValues, plan.Status);
        Assert.Equal(1, plan.Quality.MissingRate);
        Assert.Equal(["missing_rate_increase"], plan.Crossed.Select(c => c.Measure));
        Assert.Null(plan.Measures.JsDistance);
        Assert.Contains("every value of 'plan' in the batch is missing", plan.Notes);
    }

    [Fact]
    public void Analyze_FeatureAbsentFromTheBatch_EveryValueMissingAndFlagged()
    {
        var region = Array.IndexOf(SyntheticData.Header, "region");
        var header = SyntheticData.Header.Where((_, i) => i != region).ToArray();
        var report = Analyze(header, Batch().Select(r => r.Where((_, i) => i != region).ToArray()));
        Assert.Equal(["region"], report.Drifted);
        var feature = report.Features.Single(f => f.Name == "region");
        Assert.Equal(FeatureStatus.AbsentFromBatch, feature.Status);
        Assert.Equal((0L, 1000L, 1.0), (feature.Quality.Present, feature.Quality.Missing, feature.Quality.MissingRate!.Value));
        Assert.Contains("the batch has no column 'region': every value counts as missing", feature.Notes);
        Assert.Contains(report.Schema!.Problems, p => p is { Column: "region", Problem: "missing_column" });
    }

    [Fact]
    public void Analyze_ColumnTheBaselineDoesNotHave_ListedAsUnmonitored()
    {
        var header = SyntheticData.Header.Append("Shoe Size").ToArray();
        var report = Analyze(header, Batch().Select(r => r.Append("44").ToArray()));
        Assert.Empty(report.Drifted);
        Assert.Equal(["id", "Shoe Size"], report.UnmonitoredColumns);
        Assert.Equal(SyntheticData.Numeric.Length + SyntheticData.Categorical.Length, report.Features.Count);
    }

    [Fact]
    public void Analyze_BaselineWithoutQuantileBins_NumericNotComparedWithARetrainNote()
    {
        var training = BaselineFactory.Training(SyntheticData.Header, SyntheticData.Generate(3000, 21).Rows, SyntheticData.Numeric, SyntheticData.Categorical);
        var old = Baseline.From(training with { Numeric = training.Numeric.ToDictionary(n => n.Key, n => n.Value with { Bins = null }) }, null, "old/baseline.json");
        var report = Analyze(SyntheticData.Header, Batch(drift: new SyntheticDrift { AgeShift = 1 }), baseline: old);

        var age = report.Features.Single(f => f.Name == "age");
        Assert.Equal(FeatureStatus.NotComparable, age.Status);
        Assert.Null(age.Measures.Psi);
        Assert.Contains("the baseline has no quantile bins for 'age': PSI and Kolmogorov-Smirnov are not computed; re-train to get drift of numeric features", age.Notes);
        Assert.Contains(report.Notes, n => n.StartsWith("old/baseline.json has no quantile bins (numeric.NAME.bins) for 'age', 'hours', 'income'", StringComparison.Ordinal));
        Assert.NotNull(age.Quality.OutOfRangeShare); // the range still is
        Assert.All(report.Features.Where(f => f.Kind == FeatureKind.Categorical), f => Assert.Equal(FeatureStatus.Compared, f.Status));
        Assert.Null(report.Schema);
    }

    [Fact]
    public void Analyze_FeatureWithoutTrainingValues_NotComparableWithANote()
    {
        var rows = SyntheticData.Generate(300, 23).Rows;
        rows.ForEach(r => r[Array.IndexOf(SyntheticData.Header, "hours")] = "");
        var baseline = BaselineFactory.Features(rows);
        var report = Analyze(SyntheticData.Header, Batch(), baseline: baseline);

        var hours = report.Features.Single(f => f.Name == "hours");
        Assert.Equal(FeatureStatus.NotComparable, hours.Status);
        Assert.Equal(new FeatureMeasures(), hours.Measures);
        Assert.Null(hours.Quality.OutOfRangeShare);
        Assert.Contains("the baseline has no values of 'hours' to compare with", hours.Notes);
        Assert.Equal(1, hours.Quality.BaselineMissingRate);
        Assert.DoesNotContain("hours", report.Drifted); // fewer missing values than in training is no drift
    }

    [Fact]
    public void Analyze_FewerValuesThanTheMinimum_MeasuresReportedNotFlagged()
    {
        var report = Analyze(SyntheticData.Header, Batch(20, new SyntheticDrift { AgeShift = 2 }), DriftThresholds.Default with { Global = new FeatureThresholds { OutOfRangeExcess = null, MissingRateIncrease = null } });
        var age = report.Features.Single(f => f.Name == "age");
        Assert.True(age.Measures.Psi > 1);
        Assert.Empty(age.Crossed);
        Assert.Contains(age.Notes, n => n.Contains("fewer than the 50 needed", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_PerFeatureThresholds_ReplaceTheGlobalOnesForThatFeature()
    {
        var rows = Batch(drift: new SyntheticDrift { AgeShift = 1 });
        Assert.Equal(["age"], Analyze(SyntheticData.Header, rows).Drifted);

        var relaxed = DriftThresholds.Default with
        {
            Features = new Dictionary<string, FeatureThresholds>
            {
                ["AGE"] = new() { Psi = 5, KsPValue = null, OutOfRangeExcess = null },
                ["shoe size"] = new(),
            },
        };
        var report = Analyze(SyntheticData.Header, rows, relaxed);
        Assert.Empty(report.Drifted);
        Assert.Contains("thresholds name 'shoe size', which the baseline does not have", report.Notes);

        var strict = DriftThresholds.Default with { Global = new FeatureThresholds { Psi = 1e-9, JsDistance = 1e-9 } };
        Assert.Equal(["age", "color", "hours", "income", "plan", "region"], Analyze(SyntheticData.Header, rows, strict).Drifted);
    }

    [Theory]
    [InlineData(1.5, "global thresholds: ks_p_value 1.5 is out of range (a p-value threshold is above 0 and below 1)")]
    [InlineData(0.0, "global thresholds: ks_p_value 0 is out of range (a p-value threshold is above 0 and below 1)")]
    public void Analyze_ThresholdOutOfRange_RefusedNamingIt(double ks, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Analyze(SyntheticData.Header, Batch(10), DriftThresholds.Default with { Global = new FeatureThresholds { KsPValue = ks } }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ToJson_Report_StableSnakeCaseWithFeaturesByName()
    {
        var rows = Batch(drift: new SyntheticDrift { NewColorShare = 0.2 });
        var json = Analyze(SyntheticData.Header, rows).ToJson();
        Assert.Equal(json, Analyze(SyntheticData.Header, rows).ToJson());
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["drifted", "baseline", "batch", "baseline_rows", "batch_rows", "features", "unmonitored_columns", "schema", "notes"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["color"], root.GetProperty("drifted").EnumerateArray().Select(e => e.GetString()));
        var features = root.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["age", "color", "hours", "income", "plan", "region"], features.Select(f => f.GetProperty("name").GetString()));
        var color = features[1];
        Assert.Equal(["drifted", "name", "kind", "status", "quality", "measures", "crossed", "notes", "distribution"], color.EnumerateObject().Select(p => p.Name));
        Assert.Equal("categorical", color.GetProperty("kind").GetString());
        Assert.Equal("compared", color.GetProperty("status").GetString());
        Assert.Equal(["chi_square", "js_distance"], color.GetProperty("measures").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["statistic", "degrees_of_freedom", "p_value"], color.GetProperty("measures").GetProperty("chi_square").EnumerateObject().Select(p => p.Name));
        Assert.Equal("unseen_share", color.GetProperty("crossed")[1].GetProperty("measure").GetString());
        Assert.Equal(["psi", "kolmogorov_smirnov"], features[0].GetProperty("measures").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void FromBundle_BundleWithBaselineSchemaAndPredictionBaseline_ReadsEach()
    {
        using var folder = new TempFolder();
        var training = BaselineFactory.Training(SyntheticData.Header, SyntheticData.Generate(200, 3).Rows, SyntheticData.Numeric, SyntheticData.Categorical);
        var predictions = BaselineFactory.Training(SyntheticData.PredictionHeader, SyntheticData.Generate(200, 3).Predictions, ["score"], ["predicted_label"]);
        var roles = new Dictionary<string, string>();
        foreach (var (role, file, text) in new[]
        {
            ("baseline", "baseline.json", training.ToJson()),
            ("schema", "schema.json", new InputSchema(1, [new("color", ColumnType.Category, true, ["black", "blue", "green", "red"], null, null)], null, ["", "?"]).ToJson()),
            ("prediction_baseline", "prediction_baseline.json", predictions.ToJson()),
        })
        {
            Directory.CreateDirectory(folder.PathOf(role));
            File.WriteAllText(Path.Combine(folder.PathOf(role), file), text);
            roles[role] = folder.PathOf(role);
        }

        var bundle = new Mlmax.Scoring.BundleFiles(new Mlmax.Registry.ModelVersionRecord { Name = "m", Version = 1, BundleArtifact = "sha256:0", Components = roles, RunId = "r", CreatedAt = DateTimeOffset.UnixEpoch }, roles);
        var features = Baseline.FromBundle(bundle)!;
        Assert.Equal(["age", "hours", "income"], features.Numeric.Select(n => n.Name));
        Assert.Equal(training.Numeric["age"].Bins!.Counts, features.Numeric[0].Bins!.Counts);
        Assert.Equal(4, features.Categorical.Single(c => c.Name == "color").Known!.Count);
        Assert.NotNull(features.Schema);
        Assert.Empty(features.Notes); // every numeric feature has bins; every category list is complete (the schema's, or frequencies without "other")

        var scores = Baseline.PredictionsFromBundle(bundle)!;
        Assert.Equal(["score"], scores.Numeric.Select(n => n.Name));
        Assert.Null(scores.Categorical[0].Known); // a label never predicted on the test split is a shift of the labels, not an unseen category
        Assert.Empty(scores.Notes);
        Assert.Null(scores.Schema);
    }
}

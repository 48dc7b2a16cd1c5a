using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Profiles;
using Mlmax.Monitoring.Tests.Synthetic;
using Mlmax.Scoring.Formats;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Tests.Profiles;

public sealed class BatchProfilerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>age: 1, 2, 3, 4 (bins ≤1, (1,3], &gt;3 with counts 1, 2, 1); color: red ×3, blue ×1.</summary>
    private static Baseline Small() => Baseline.From(
        new TrainingBaseline(
            1,
            4,
            new Dictionary<string, NumericSummary> { ["age"] = new(4, 0, 2.5, null, 1, 4, new([], []), new([], []), new NumericBins([1, 3], [1, 2, 1])) },
            new Dictionary<string, CategoricalSummary> { ["color"] = new(4, 0, 2, new Dictionary<string, long> { ["red"] = 3, ["blue"] = 1 }, 0) }),
        new InputSchema(1, [new("age", ColumnType.Number, true, null, 1, 4), new("color", ColumnType.Category, true, ["blue", "red"], null, null)], "label", ["", "?"]),
        "small/baseline.json");

    [Fact]
    public async Task ProfileAsync_Csv_CountsBinsRangeMissingAndUnseenCategories()
    {
        var path = _folder.PathOf("batch.csv");
        File.WriteAllText(path, "Age,Color,label,extra\n0.5,red,1,x\n3, red ,0,x\n3.5,green,1,x\n?,?,0,x\nforty,green,1,x\n9,pink,0,x\n");
        var profile = await BatchProfiler.ProfileAsync(path, Small());

        Assert.Equal(6, profile.Rows);
        var age = Assert.Single(profile.Numeric);
        Assert.Equal(("age", 4L, 2L, 1L), (age.Name, age.Count, age.Missing, age.NotANumber));
        Assert.Equal([1L, 1, 2], age.BinCounts!);                  // 0.5 | 3 | 3.5, 9
        Assert.Equal((1L, 1L), (age.BelowRange, age.AboveRange)); // 0.5 below 1, 9 above 4
        Assert.Equal((0.5, 9.0, 4.0), (age.Min!.Value, age.Max!.Value, age.Mean!.Value));

        var color = Assert.Single(profile.Categorical);
        Assert.Equal((5L, 1L, 3L, 3L), (color.Count, color.Missing, color.Other, color.Unseen!.Value));
        Assert.Equal([2L, 0], color.ListedCounts);                 // red, blue (the baseline's order: most frequent first)
        Assert.Equal([new CategoryCount("green", 2), new CategoryCount("pink", 1)], color.UnseenExamples);

        Assert.Equal(["label", "extra"], profile.UnmonitoredColumns);
        Assert.Empty(profile.AbsentFeatures);
        Assert.Equal(4, profile.Schema!.Violations);
        Assert.Equal(
            ["color unseen_category 3 green", "age not_a_number 1 forty"],
            profile.Schema.Problems.Select(p => $"{p.Column} {p.Problem} {p.Count} {p.Example}"));
    }

    [Fact]
    public async Task ProfileAsync_Parquet_SameProfileAsCsv()
    {
        var csv = _folder.PathOf("batch.csv");
        File.WriteAllText(csv, "age,color\n0.5,red\n3,blue\n,red\n9,pink\n");
        var parquet = _folder.PathOf("batch.parquet");
        await using (var file = File.Create(parquet))
        await using (var writer = new ParquetRowWriter(file, [("age", typeof(double)), ("color", typeof(string))]))
        {
            writer.Write([0.5, "red"]);
            writer.Write([3.0, "blue"]);
            writer.Write([null, "red"]);
            writer.Write([9.0, "pink"]);
        }

        var fromCsv = await BatchProfiler.ProfileAsync(csv, Small());
        var fromParquet = await BatchProfiler.ProfileAsync(parquet, Small());
        Assert.Equal([1L, 1, 1], fromParquet.Numeric[0].BinCounts!);
        Assert.Equal(fromCsv.Numeric[0].BinCounts!, fromParquet.Numeric[0].BinCounts!);
        Assert.Equal(fromCsv.Numeric[0] with { BinCounts = null }, fromParquet.Numeric[0] with { BinCounts = null });
        Assert.Equal(fromCsv.Categorical[0].ListedCounts, fromParquet.Categorical[0].ListedCounts);
        Assert.Equal(fromCsv.Categorical[0].UnseenExamples, fromParquet.Categorical[0].UnseenExamples);
    }

    [Fact]
    public void Add_ShortRowsAndNulls_CountAsMissing()
    {
        var builder = new BatchProfileBuilder(Small(), ["color", "age"], "requests");
        builder.Add(["red"]);
        builder.Add([null, "2"]);
        var profile = builder.Build();
        Assert.Equal((1L, 1L), (profile.Numeric[0].Count, profile.Numeric[0].Missing));
        Assert.Equal((1L, 1L), (profile.Categorical[0].Count, profile.Categorical[0].Missing));
    }

    [Fact]
    public void Build_FeatureAbsentFromTheBatch_ListedAndItsMissingColumnReported()
    {
        var builder = new BatchProfileBuilder(Small(), ["color"], "requests");
        builder.Add(["red"]);
        var profile = builder.Build();
        Assert.Equal(["age"], profile.AbsentFeatures);
        Assert.Empty(profile.Numeric);
        Assert.Equal("age missing_column 1", string.Join(";", profile.Schema!.Problems.Select(p => $"{p.Column} {p.Problem} {p.Count}")));
    }

    [Fact]
    public void Add_ManyDistinctUnseenCategories_ExamplesBoundedAndCountExact()
    {
        var builder = new BatchProfileBuilder(Small(), ["color"], "requests");
        for (var i = 0; i < 5000; i++)
        {
            builder.Add([$"c{i}"]);
        }

        var color = builder.Build().Categorical[0];
        Assert.Equal(5000, color.Unseen);
        Assert.Equal(10, color.UnseenExamples.Count);
        Assert.Equal("c0", color.UnseenExamples[0].Value);
    }
}

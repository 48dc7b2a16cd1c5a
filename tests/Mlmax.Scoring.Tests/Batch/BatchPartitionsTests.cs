using System.Globalization;
using System.Text.Json;
using Mlmax.Scoring.Batch;
using Mlmax.Scoring.Formats;

namespace Mlmax.Scoring.Tests.Batch;

/// <summary>Split, predict each part, merge: the same files as one predict over the whole input.</summary>
public sealed class BatchPartitionsTests(PredictStepHarness harness) : IClassFixture<PredictStepHarness>, IDisposable
{
    private const int Rows = 20;

    private readonly string _dir = Directory.CreateTempSubdirectory("mlmax-partitions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int, string, string?> Cases => new()
    {
        { "csv", 1, "csv", null },
        { "csv", 3, "csv", null },
        { "csv", 50, "csv", null },
        { "csv", 3, "csv", "id" },
        { "csv", 3, "parquet", null },
        { "parquet", 1, "parquet", null },
        { "parquet", 3, "parquet", null },
        { "parquet", 50, "parquet", "id" },
        { "parquet", 3, "csv", "id" },
        { "csv-directory", 1, "csv", "id" },
        { "csv-directory", 3, "csv", "id" },
        { "csv-directory", 50, "csv", null },
        { "parquet-directory", 3, "parquet", null },
        { "mixed-directory", 3, "csv", "id" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SplitPredictMerge_WritesWhatOneRunOverTheWholeInputWrites(string input, int parts, string format, string? idColumn)
    {
        var data = WriteInput(input);
        var parameters = new Dictionary<string, object> { ["on_violation"] = "report", ["format"] = format, ["id_column"] = idColumn ?? "" };
        var whole = await harness.RunAsync(parameters, Directory.Exists(data) ? Directory.GetFiles(data) : [data]);
        Assert.True(whole.Exit == 0, whole.Log);

        var split = await BatchPartitions.SplitAsync(data, parts, Path.Combine(_dir, "parts"), CancellationToken.None);

        Assert.Equal(Math.Min(parts, Rows), split.Count);
        Assert.Equal(Rows, split.Sum(p => p.Rows));
        Assert.True(split.Max(p => p.Rows) - split.Min(p => p.Rows) <= 1);
        Assert.Equal(split.Select(p => p.FirstRow), split.Select((p, i) => split.Take(i).Sum(q => q.Rows)));
        Assert.All(split, p => Assert.EndsWith(input.StartsWith("csv", StringComparison.Ordinal) ? ".csv" : ".parquet", p.Path, StringComparison.Ordinal));
        var scored = new List<PredictedPart>();
        foreach (var part in split)
        {
            var run = await harness.RunAsync(parameters, part.Path);
            Assert.True(run.Exit == 0, run.Log);
            scored.Add(new PredictedPart(run.Predictions, run.Metrics, part.FirstRow));
        }

        if (parts == 3)
        {
            Assert.True(scored.Count(p => File.ReadAllLines(Path.Combine(p.PredictionsDirectory, "violations.csv")).Length > 1) >= 2, "violations should fall in several parts");
        }

        var merged = Path.Combine(_dir, "merged");
        var metrics = await BatchPartitions.MergeAsync(scored, merged, Path.Combine(_dir, "metrics.json"), idColumn, CancellationToken.None);

        if (format == "csv")
        {
            Assert.Equal(File.ReadAllText(Path.Combine(whole.Predictions, "predictions.csv")), File.ReadAllText(Path.Combine(merged, "predictions.csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole.Predictions, "predictions.csv")), File.ReadAllBytes(Path.Combine(merged, "predictions.csv")));
        }
        else
        {
            using var expected = ParquetRowReader.Open(Path.Combine(whole.Predictions, "predictions.parquet"));
            using var actual = ParquetRowReader.Open(Path.Combine(merged, "predictions.parquet"));
            Assert.Equal(expected.Header, actual.Header);
            Assert.Equal(expected.Rows(CancellationToken.None).ToList(), actual.Rows(CancellationToken.None).ToList());
        }

        var violations = File.ReadAllText(Path.Combine(whole.Predictions, "violations.csv"));
        Assert.Contains(idColumn is null ? "\n4,x,not_a_number,abc\n" : "\n4,p3,x,not_a_number,abc\n", violations, StringComparison.Ordinal);
        Assert.Equal(violations, File.ReadAllText(Path.Combine(merged, "violations.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole.Predictions, "violations.csv")), File.ReadAllBytes(Path.Combine(merged, "violations.csv")));

        var one = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(whole.Metrics))!;
        var written = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(_dir, "metrics.json")))!;
        Assert.Equal(one.Keys, written.Keys);
        Assert.Equal(written, metrics);
        Assert.Equal(Rows, written["rows_scored"]);
        Assert.Equal(5, written["schema_violations"]);
        Assert.Equal(4, written["rows_with_violations"]);
        foreach (var key in new[] { "rows_scored", "schema_violations", "rows_with_violations" })
        {
            Assert.Equal(one[key], written[key]);
        }

        Assert.True(written["rows_per_second"] > 0);
    }

    [Theory]
    [InlineData(10, 4, new long[] { 3, 3, 2, 2 })]
    [InlineData(10, 1, new long[] { 10 })]
    [InlineData(3, 5, new long[] { 1, 1, 1 })]
    [InlineData(0, 3, new long[] { 0 })]
    public async Task SplitAsync_Csv_SizesDifferByAtMostOne_AndEveryPartHasTheHeader(int rows, int parts, long[] sizes)
    {
        var path = Path.Combine(_dir, "in.csv");
        File.WriteAllText(path, "a,\"b\"\r\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i}, \"{i}\" \r\n")));

        var split = await BatchPartitions.SplitAsync(path, parts, Path.Combine(_dir, "parts"), CancellationToken.None);

        Assert.Equal(sizes, split.Select(p => p.Rows));
        var row = 0;
        foreach (var part in split)
        {
            Assert.Equal(row, part.FirstRow);
            var expected = "a,\"b\"\n" + string.Concat(Enumerable.Range(row, (int)part.Rows).Select(i => $"{i}, \"{i}\" \n"));
            Assert.Equal(expected, File.ReadAllText(part.Path));
            row += (int)part.Rows;
        }
    }

    [Fact]
    public async Task SplitAsync_ParquetOfManyTypes_PartsReadAsTheSameTextAndNulls()
    {
        var path = Path.Combine(_dir, "in.parquet");
        using (var file = File.Create(path))
        using (var writer = new ParquetRowWriter(file, [("s", typeof(string)), ("b", typeof(bool)), ("f", typeof(float)), ("d", typeof(double)), ("l", typeof(long))], rowGroupSize: 4))
        {
            for (var i = 0; i < 11; i++)
            {
                writer.Write(i % 5 == 0
                    ? [null, null, null, null, null]
                    : [$"v{i},\"q\"\r\n", i % 2 == 0, i / 3f, 0.1 * i, long.MaxValue - i]);
            }
        }

        var split = await BatchPartitions.SplitAsync(path, 3, Path.Combine(_dir, "parts"), CancellationToken.None);

        Assert.Equal([4L, 4, 3], split.Select(p => p.Rows));
        using var whole = ParquetRowReader.Open(path);
        var parts = split.SelectMany(p =>
        {
            using var reader = ParquetRowReader.Open(p.Path);
            Assert.Equal(whole.Header, reader.Header);
            return reader.Rows(CancellationToken.None).ToList();
        });
        Assert.Equal(whole.Rows(CancellationToken.None).ToList(), parts.ToList());
    }

    [Fact]
    public async Task SplitAsync_PartsLessThanOne_Throws()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => BatchPartitions.SplitAsync(WriteInput("csv"), 0, Path.Combine(_dir, "parts"), CancellationToken.None));

        Assert.Equal("parts", e.ParamName);
    }

    [Fact]
    public async Task SplitAsync_MissingDataPath_ThrowsNamingIt()
    {
        var missing = Path.Combine(_dir, "nowhere.csv");

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => BatchPartitions.SplitAsync(missing, 2, Path.Combine(_dir, "parts"), CancellationToken.None));

        Assert.StartsWith($"{missing}: no such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitAsync_OutputDirectoryNotEmpty_Throws()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "parts"));
        File.WriteAllText(Path.Combine(_dir, "parts", "part-00000.csv"), "old");

        var e = await Assert.ThrowsAsync<IOException>(() => BatchPartitions.SplitAsync(WriteInput("csv"), 2, Path.Combine(_dir, "parts"), CancellationToken.None));

        Assert.Contains("is not empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitAsync_DirectoryFilesWithDifferentColumns_ThrowsAsScoringDoes()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "in", "a.csv"), "x,c\n1,red\n");
        File.WriteAllText(Path.Combine(_dir, "in", "b.csv"), "x,colour\n2,blue\n");

        var e = await Assert.ThrowsAsync<SchemaViolationException>(() => BatchPartitions.SplitAsync(Path.Combine(_dir, "in"), 2, Path.Combine(_dir, "parts"), CancellationToken.None));

        Assert.Contains("b.csv: its columns differ from a.csv's", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitAsync_QuotedFieldNeverClosed_ThrowsNamingTheLine()
    {
        var path = Path.Combine(_dir, "open.csv");
        File.WriteAllText(path, "x,c\n1,red\n2,\"blue\n3,green\n");

        var e = await Assert.ThrowsAsync<SchemaViolationException>(() => BatchPartitions.SplitAsync(path, 2, Path.Combine(_dir, "parts"), CancellationToken.None));

        Assert.Equal($"{path}:3: a quoted field opened on this line is never closed", e.Message);
    }

    [Fact]
    public async Task MergeAsync_PartHeadersDiffer_ThrowsNamingTheFile()
    {
        var first = FakePart("p1", "row_id,score\n0,0.5\n", rows: 1, firstRow: 0);
        var second = FakePart("p2", "row_id,probability\n0,0.5\n", rows: 1, firstRow: 1);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BatchPartitions.MergeAsync([first, second], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), null, CancellationToken.None));

        Assert.Contains("p2", e.Message, StringComparison.Ordinal);
        Assert.Contains("its header 'row_id,probability' differs from 'row_id,score'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_PartsOutOfOrder_Throws()
    {
        var first = FakePart("p1", "row_id,score\n0,0.5\n1,0.5\n", rows: 2, firstRow: 0);
        var second = FakePart("p2", "row_id,score\n0,0.5\n", rows: 1, firstRow: 3);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BatchPartitions.MergeAsync([first, second], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), null, CancellationToken.None));

        Assert.Contains("part 2 (", e.Message, StringComparison.Ordinal);
        Assert.Contains("starts at row 3, but the parts before it scored 2 rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_IdColumnNotTheFirstColumn_Throws()
    {
        var part = FakePart("p1", "row_id,score\n0,0.5\n", rows: 1, firstRow: 0);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BatchPartitions.MergeAsync([part], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), "customer", CancellationToken.None));

        Assert.Contains("the first column is 'row_id', expected 'customer'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_RowsAndMetricsDisagree_Throws()
    {
        var part = FakePart("p1", "row_id,score\n0,0.5\n", rows: 2, firstRow: 0);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BatchPartitions.MergeAsync([part], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), null, CancellationToken.None));

        Assert.Contains("holds 1 rows, but its metrics count 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_FormatsDiffer_Throws()
    {
        var first = FakePart("p1", "row_id,score\n0,0.5\n", rows: 1, firstRow: 0);
        var second = FakePart("p2", "row_id,score\n0,0.5\n", rows: 1, firstRow: 1);
        File.Move(Path.Combine(second.PredictionsDirectory, "predictions.csv"), Path.Combine(second.PredictionsDirectory, "predictions.parquet"));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BatchPartitions.MergeAsync([first, second], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), null, CancellationToken.None));

        Assert.Contains("the parts of one predict step write one format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_NoParts_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => BatchPartitions.MergeAsync([], Path.Combine(_dir, "out"), Path.Combine(_dir, "m.json"), null, CancellationToken.None));

    [Fact]
    public void CombineMetrics_SumsCountsAndRecomputesTheRateOverTheSummedScoringTime()
    {
        var combined = BatchPartitions.CombineMetrics(
        [
            new Dictionary<string, double> { ["rows_scored"] = 100, ["rows_per_second"] = 50, ["schema_violations"] = 3, ["rows_with_violations"] = 2 },
            new Dictionary<string, double> { ["rows_scored"] = 300, ["rows_per_second"] = 100, ["schema_violations"] = 0, ["rows_with_violations"] = 0 },
            new Dictionary<string, double> { ["rows_scored"] = 0, ["rows_per_second"] = 0, ["schema_violations"] = 0, ["rows_with_violations"] = 0 },
        ]);

        Assert.Equal(["rows_scored", "rows_per_second", "schema_violations", "rows_with_violations"], combined.Keys);
        Assert.Equal([400d, 80, 3, 2], combined.Values);
    }

    [Fact]
    public void CombineMetrics_PartsReportDifferentMetrics_Throws()
    {
        var e = Assert.Throws<InvalidDataException>(() => BatchPartitions.CombineMetrics(
        [
            new Dictionary<string, double> { ["rows_scored"] = 1, ["rows_per_second"] = 1 },
            new Dictionary<string, double> { ["rows_scored"] = 1, ["rows_per_second"] = 1, ["schema_violations"] = 0 },
        ]));

        Assert.StartsWith("part 2 has the metrics rows_scored, rows_per_second, schema_violations", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A part's outputs written by hand: a predictions.csv and metrics.</summary>
    private PredictedPart FakePart(string name, string predictions, long rows, long firstRow)
    {
        var directory = Path.Combine(_dir, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "predictions.csv"), predictions);
        var metrics = Path.Combine(_dir, name + ".json");
        File.WriteAllText(metrics, JsonSerializer.Serialize(new Dictionary<string, double> { ["rows_scored"] = rows, ["rows_per_second"] = 10 }));
        return new PredictedPart(directory, metrics, firstRow);
    }

    /// <summary>
    /// The data row <paramref name="i"/> (0-based) as id, x, c, extra: rows 3, 8, 11 and 17 break the schema (17 twice),
    /// ids hold a comma and a line break, and an ignored column a quoted line break.
    /// </summary>
    private static string?[] Values(int i) => i switch
    {
        1 => ["p,1", "1", "red", "z"],
        3 => ["p3", "abc", "red", "z"],
        5 => ["p5", "5", "green", "multi\nline, \"quoted\""],
        8 => ["p8", "8", "pur,ple", "z"],
        11 => ["p\n11", "1e999", "blue", "z"],
        15 => ["p15", null, "?", "z"],
        17 => ["p17", "zz", "teal", "z"],
        _ => [$"p{i}", (i % 37).ToString(CultureInfo.InvariantCulture), (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" }, "z"],
    };

    private static string CsvRow(int i) => string.Join(',', Values(i).Select(v => v is null ? "" : CsvPredictionWriter.Escape(v)));

    /// <summary>Writes the <see cref="Rows"/> rows as a file or a directory of files.</summary>
    private string WriteInput(string kind)
    {
        switch (kind)
        {
            case "csv":
                return WriteCsv("in.csv", 0, Rows);
            case "parquet":
                return WriteParquet("in.parquet", 0, Rows, rowGroupSize: 6);
            case "csv-directory":
                WriteCsv("in/a.csv", 0, 8);
                WriteCsv("in/b.csv", 8, 0);
                WriteCsv("in/c.csv", 8, 12);
                return Path.Combine(_dir, "in");
            case "parquet-directory":
                WriteParquet("in/a.parquet", 0, 9, rowGroupSize: 4);
                WriteParquet("in/b.parquet", 9, 11, rowGroupSize: 5);
                return Path.Combine(_dir, "in");
            default:
                WriteCsv("in/a.csv", 0, 5);
                WriteParquet("in/b.parquet", 5, 10, rowGroupSize: 3);
                WriteCsv("in/c.csv", 15, 5);
                return Path.Combine(_dir, "in");
        }
    }

    /// <summary>CSV with a blank line after row 12 (skipped, so it does not count as a row).</summary>
    private string WriteCsv(string name, int from, int count)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "id,x,c,extra\n" + string.Concat(Enumerable.Range(from, count).Select(i => CsvRow(i) + "\n" + (i == 12 ? "\n" : ""))));
        return path;
    }

    private string WriteParquet(string name, int from, int count, int rowGroupSize)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var writer = new ParquetRowWriter(file, [("id", typeof(string)), ("x", typeof(string)), ("c", typeof(string)), ("extra", typeof(string))], rowGroupSize);
        foreach (var i in Enumerable.Range(from, count))
        {
            writer.Write(Values(i));
        }

        return path;
    }
}

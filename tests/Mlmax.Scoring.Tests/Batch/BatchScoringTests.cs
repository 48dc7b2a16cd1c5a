using System.Globalization;
using Mlmax.Scoring.Batch;
using Mlmax.Scoring.Formats;

namespace Mlmax.Scoring.Tests.Batch;

public sealed class BatchScoringTests(TinyBundle bundle) : IClassFixture<TinyBundle>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlmax-batch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string Category(int i) => (i % 4) switch { 0 => "red", 1 => "green", 2 => "blue", _ => "?" };

    /// <summary>Rows spanning several chunks; ids hold a comma now and then, so they need quoting.</summary>
    private string WriteCsv(string name, int rows, int from = 0)
    {
        var path = PathOf(name);
        File.WriteAllLines(path, new[] { "id,x,c,extra" }.Concat(Enumerable.Range(from, rows).Select(i => $"{(i % 1000 == 7 ? $"\"p,{i}\"" : $"p{i}")},{i % 37}, {Category(i)} ,z")));
        return path;
    }

    private long Score(BundleScorer scorer, string input, string output, string? idColumn = "id")
    {
        using var table = TableFiles.OpenRead(input);
        using var writer = TableFiles.CreateWriter(output, TableFiles.IsParquet(output));
        return BatchScoring.Score(scorer, table, writer, new BatchOptions(idColumn), CancellationToken.None);
    }

    [Fact]
    public void Score_CsvOfSeveralChunks_KeepsOrderAndIdsAndMatchesRowByRowScoring()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        var rows = (3 * BatchScoring.ChunkRows) + 5;
        var input = WriteCsv("in.csv", rows);

        Assert.Equal(rows, Score(scorer, input, PathOf("out.csv")));

        var lines = File.ReadAllLines(PathOf("out.csv"));
        Assert.Equal("id,predicted_label,score,probability", lines[0]);
        Assert.Equal(rows + 1, lines.Length);
        Assert.StartsWith("\"p,7\",", lines[8], StringComparison.Ordinal);
        var one = scorer.ScoreRows(["x", "c"], Enumerable.Range(0, rows).Select(i => new string?[] { (i % 37).ToString(CultureInfo.InvariantCulture), $" {Category(i)} " }).ToList(), CancellationToken.None);
        for (var i = 0; i < rows; i++)
        {
            var fields = lines[i + 1].Split(',');
            var probability = float.Parse(fields[^1], CultureInfo.InvariantCulture);
            Assert.Equal((float)one.Rows[i][2]!, probability);
            Assert.Equal((bool)one.Rows[i][0]! ? "true" : "false", fields[^3]);
        }
    }

    [Fact]
    public void Score_WithoutIdColumn_NumbersRowsFromZero()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        Score(scorer, WriteCsv("in.csv", 10), PathOf("out.csv"), idColumn: null);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), File.ReadAllLines(PathOf("out.csv")).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Score_ParquetInAndOut_SamePredictionsAsCsv()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        var csv = WriteCsv("in.csv", 5000);
        using (var file = File.Create(PathOf("in.parquet")))
        using (var writer = new ParquetRowWriter(file, [("id", typeof(string)), ("x", typeof(long)), ("c", typeof(string))], rowGroupSize: 1000))
        {
            foreach (var i in Enumerable.Range(0, 5000))
            {
                writer.Write([i % 1000 == 7 ? $"p,{i}" : $"p{i}", (long)(i % 37), Category(i) == "?" ? null : Category(i)]);
            }
        }

        Score(scorer, csv, PathOf("out.csv"));
        Score(scorer, PathOf("in.parquet"), PathOf("out.parquet"));

        using var reader = ParquetRowReader.Open(PathOf("out.parquet"));
        Assert.Equal(["id", "predicted_label", "score", "probability"], reader.Header);
        var fromParquet = reader.Rows(CancellationToken.None).Select(r => (r[0]!, r[1]!, float.Parse(r[3]!, CultureInfo.InvariantCulture))).ToList();
        var fromCsv = File.ReadAllLines(PathOf("out.csv")).Skip(1).Select(l => l.Split(',')).Select(f => (f.Length == 5 ? $"{f[0]},{f[1]}".Trim('"') : f[0], f[^3], float.Parse(f[^1], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(fromCsv, fromParquet);
    }

    [Fact]
    public void Score_Directory_ReadsItsFilesInNameOrderAsOneTable()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        Directory.CreateDirectory(PathOf("parts"));
        WriteCsv("parts/b.csv", 3, from: 100);
        WriteCsv("parts/a.csv", 2, from: 0);
        File.WriteAllText(PathOf("parts/notes.txt"), "not a table");

        Assert.Equal(5, Score(scorer, PathOf("parts"), PathOf("out.csv")));
        Assert.Equal(["p0", "p1", "p100", "p101", "p102"], File.ReadAllLines(PathOf("out.csv")).Skip(1).Select(l => l.Split(',')[0]));

        File.WriteAllText(PathOf("parts/c.csv"), "x,c\n1,red\n");
        var e = Assert.Throws<SchemaViolationException>(() => Score(scorer, PathOf("parts"), PathOf("out2.csv")));
        Assert.Contains("c.csv: its columns differ from a.csv's", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RowWithTooFewFields_NamesTheFileAndLine()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        File.WriteAllText(PathOf("short.csv"), "id,x,c\na,1,red\n\nb,2\n");

        var e = Assert.Throws<SchemaViolationException>(() => Score(scorer, PathOf("short.csv"), PathOf("out.csv")));

        Assert.Equal($"{PathOf("short.csv")}:4: the row has 2 fields, the header 3", e.Message);
    }

    [Fact]
    public void Read_QuotedFieldsWithLineBreaks_AreOneRowEach()
    {
        File.WriteAllText(PathOf("multi.csv"), "id,x,c\r\n\"a\r\nb\",1,red\r\n\r\n\"c\"\"\",2,\"gr\n\neen\"\nd,3,blue\n");
        using var reader = CsvTableReader.Open(PathOf("multi.csv"));

        Assert.Equal(new string?[] { "a\nb", "1", "red" }, reader.Read()!.AsEnumerable());
        Assert.Equal($"{PathOf("multi.csv")}:2", reader.Location);
        Assert.Equal(new string?[] { "c\"", "2", "gr\n\neen" }, reader.Read()!.AsEnumerable());
        Assert.Equal($"{PathOf("multi.csv")}:5", reader.Location);
        Assert.Equal(new string?[] { "d", "3", "blue" }, reader.Read()!.AsEnumerable());
        Assert.Null(reader.Read());
    }

    [Fact]
    public void Read_QuotedFieldNeverClosed_NamesTheLineItOpensOn()
    {
        File.WriteAllText(PathOf("open.csv"), "id,x,c\na,1,red\nb,2,\"blue\nc,3,green\n");
        using var reader = CsvTableReader.Open(PathOf("open.csv"));
        reader.Read();

        var e = Assert.Throws<SchemaViolationException>(() => reader.Read());

        Assert.Equal($"{PathOf("open.csv")}:3: a quoted field opened on this line is never closed", e.Message);
    }

    [Fact]
    public void Score_ModelColumnMissing_FailsBeforeWritingAnything()
    {
        using var scorer = BundleScorer.Load(bundle.Files);
        File.WriteAllText(PathOf("partial.csv"), "id,x\na,1\n");

        var e = Assert.Throws<SchemaViolationException>(() => Score(scorer, PathOf("partial.csv"), PathOf("out.csv")));

        Assert.Contains("model columns absent from the input: 'C'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(PathOf("out.csv")).Length);
    }

    [Fact]
    public void Load_OnnxFileThatIsNotAModel_RefusedNamingTheFile()
    {
        Directory.CreateDirectory(PathOf("model"));
        File.WriteAllText(PathOf("model/model.onnx"), "not a model");
        var files = new BundleFiles(bundle.Files.Version, new Dictionary<string, string> { ["model"] = PathOf("model") });

        var e = Assert.Throws<InvalidDataException>(() => BundleScorer.Load(files));

        Assert.StartsWith("tiny:1: model.onnx is not a model ONNX Runtime can load", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MlNetModelWithoutTransform_SaysWhichRoleIsMissing()
    {
        var files = new BundleFiles(bundle.Files.Version, new Dictionary<string, string> { ["model"] = Path.Combine(bundle.Root, "model") });

        var e = Assert.Throws<InvalidDataException>(() => BundleScorer.Load(files));

        Assert.Contains("needs its fitted preprocessing in bundle role 'transform'", e.Message, StringComparison.Ordinal);
    }
}

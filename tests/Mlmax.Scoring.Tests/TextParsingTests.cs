using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring.Tests;

public sealed class TextParsingTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"x, y\",2", new[] { "x, y", "2" })]
    [InlineData("\"say \"\"hi\"\"\",", new[] { "say \"hi\"", "" })]
    [InlineData(" padded , ?", new[] { " padded ", " ?" })]
    public void Split_CsvLine_HonoursQuotes(string line, string[] expected) => Assert.Equal(expected, CsvLine.Split(line));

    [Theory]
    [InlineData("42", 42f)]
    [InlineData(" 1.5 ", 1.5f)]
    [InlineData("1e3", 1000f)]
    public void ParseSingle_Number_Parsed(string text, float expected) => Assert.Equal(expected, TextValues.ParseSingle(text));

    [Theory]
    [InlineData("")]
    [InlineData(" ? ")]
    [InlineData("abc")]
    [InlineData(null)]
    public void ParseSingle_MissingOrText_IsNaN(string? text) => Assert.True(float.IsNaN(TextValues.ParseSingle(text)));

    [Theory]
    [InlineData(" Female ", "Female")]
    [InlineData(" Foreign born- Not a citizen of U S ", "Foreign born- Not a citizen of U S")]
    [InlineData(" ? ", "")]
    public void CleanText_TrimsAndBlanksMissing(string text, string expected) => Assert.Equal(expected, TextValues.CleanText(text));

    [Fact]
    public void MutableTextRow_TypesTextValuesForAnMlNetTransform()
    {
        var ml = new MLContext(seed: 0);
        var training = ml.Data.LoadFromEnumerable(new[] { new Point { X = 1 }, new Point { X = 3 } });
        var transform = ml.Transforms.ReplaceMissingValues("X", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean).Fit(training);
        var input = new MutableTextRow([("X", DataKind.Single), ("C", DataKind.String)]);
        var mapper = ((ITransformer)transform).GetRowToRowMapper(input.Schema);
        using var output = mapper.GetRow(input, [mapper.OutputSchema["X"]]);
        var x = output.GetGetter<float>(mapper.OutputSchema["X"]);
        var c = input.GetGetter<ReadOnlyMemory<char>>(input.Schema["C"]);
        var values = new List<(float, string)>();
        foreach (var row in new[] { new[] { "1", " a " }, new[] { "?", "b" }, new[] { "3", " ? " } })
        {
            input.Set(row);
            float v = 0;
            ReadOnlyMemory<char> t = default;
            x(ref v);
            c(ref t);
            values.Add((v, t.ToString()));
        }

        Assert.Equal([(1f, "a"), (2f, "b"), (3f, "")], values);
    }

    private sealed class Point
    {
        public float X { get; set; }

        public string C { get; set; } = "";
    }
}

public sealed class IntegerColumnTests
{
    [Fact]
    public void MutableTextRow_IntegerColumns_AreTypedAndParsed()
    {
        var row = new MutableTextRow([("i", DataKind.Int32), ("l", DataKind.Int64)]);
        Assert.Equal(NumberDataViewType.Int32, row.Schema["i"].Type);
        var i = row.GetGetter<int>(row.Schema["i"]);
        var l = row.GetGetter<long>(row.Schema["l"]);
        var read = new List<(int, long)>();
        foreach (var values in new[] { new[] { " 7 ", "9000000000" }, new[] { "x", "-1" } })
        {
            row.Set(values);
            int a = 0;
            long b = 0;
            i(ref a);
            l(ref b);
            read.Add((a, b));
        }

        Assert.Equal([(7, 9_000_000_000L), (0, -1L)], read);
    }
}

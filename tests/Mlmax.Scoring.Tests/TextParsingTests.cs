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
    public void ParseSingle_Number_Parsed(string text, float expected) => Assert.Equal(expected, TextRowsDataView.ParseSingle(text));

    [Theory]
    [InlineData("")]
    [InlineData(" ? ")]
    [InlineData("abc")]
    [InlineData(null)]
    public void ParseSingle_MissingOrText_IsNaN(string? text) => Assert.True(float.IsNaN(TextRowsDataView.ParseSingle(text)));

    [Theory]
    [InlineData(" Female ", "Female")]
    [InlineData(" Foreign born- Not a citizen of U S ", "Foreign born- Not a citizen of U S")]
    [InlineData(" ? ", "")]
    public void CleanText_TrimsAndBlanksMissing(string text, string expected) => Assert.Equal(expected, TextRowsDataView.CleanText(text));

    [Fact]
    public void TextRowsDataView_StreamsTypedRowsThroughAnMlNetTransform()
    {
        var ml = new MLContext(seed: 0);
        var rows = new[] { new[] { "1", " a " }, new[] { "?", "b" }, new[] { "3", " ? " } };
        var view = new TextRowsDataView([("x", DataKind.Single), ("c", DataKind.String)], rows);
        var transformed = ml.Transforms.ReplaceMissingValues("x", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Fit(view).Transform(view);
        Assert.Equal([1f, 2f, 3f], transformed.GetColumn<float>("x").ToArray());
        Assert.Equal(["a", "b", ""], view.GetColumn<ReadOnlyMemory<char>>("c").Select(m => m.ToString()).ToArray());
    }
}

public sealed class IntegerColumnTests
{
    [Fact]
    public void TextRowsDataView_IntegerColumns_AreTypedAndParsed()
    {
        var view = new TextRowsDataView([("i", DataKind.Int32), ("l", DataKind.Int64)], [new[] { " 7 ", "9000000000" }, new[] { "x", "-1" }]);
        Assert.Equal(NumberDataViewType.Int32, view.Schema["i"].Type);
        Assert.Equal([7, 0], view.GetColumn<int>("i").ToArray());
        Assert.Equal([9_000_000_000L, -1L], view.GetColumn<long>("l").ToArray());
    }
}

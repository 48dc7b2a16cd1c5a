using Mlmax.Scoring.Schema;
using Mlmax.Scoring.Schema.Internal;

namespace Mlmax.Scoring.Tests.Schema;

public sealed class BundleJsonTests
{
    private static string Canonical(string text) => text.ReplaceLineEndings("\n");

    [Fact]
    public void InputSchema_CanonicalText_RoundTripsByteForByte()
    {
        var schema = SchemaFixtures.Schema;
        Assert.Equal(Canonical(SchemaFixtures.SchemaJson), schema.ToJson());
        Assert.Equal("income", schema.Label);
        Assert.Equal(["", "?"], schema.MissingTokens);
        Assert.Equal(new SchemaColumn("age", ColumnType.Number, true, null, 0, 90), schema.Columns[0]);
        Assert.Equal(["Private", "State government"], schema.Columns[1].Values);
        Assert.Equal(ColumnType.Text, schema.Columns[2].Type);
        Assert.False(schema.Columns[3].Required);
    }

    [Fact]
    public void TrainingBaseline_CanonicalText_RoundTripsByteForByte()
    {
        var baseline = TrainingBaseline.Parse(Canonical(SchemaFixtures.BaselineJson), "baseline.json");
        Assert.Equal(Canonical(SchemaFixtures.BaselineJson), baseline.ToJson());
        var age = baseline.Numeric["age"];
        Assert.Equal((4L, 25.25, 11.098986), (age.Count, age.Mean!.Value, age.Std!.Value));
        Assert.Equal([10d, 25.5, 41], age.Histogram.Edges);
        Assert.Null(age.Bins);
        Assert.Null(baseline.Numeric["empty"].Mean);
        Assert.Equal(2, baseline.Categorical["class of worker"].Frequencies["Private"]);
    }

    [Fact]
    public void Read_FileOnDisk_SameAsParse()
    {
        var path = Path.Combine(Path.GetTempPath(), $"schema-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, SchemaFixtures.SchemaJson);
        try
        {
            Assert.Equal(SchemaFixtures.Schema.ToJson(), InputSchema.Read(path).ToJson());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_UnknownColumnType_NamesFileLineColumnKeyAndValue()
    {
        var json = "{\n  \"format_version\": 1,\n  \"label\": null,\n  \"missing_tokens\": [],\n  \"columns\": [\n    { \"name\": \"age\", \"type\": \"numbr\", \"required\": true }\n  ]\n}";
        var e = Assert.Throws<InvalidDataException>(() => InputSchema.Parse(json, "schema.json"));
        Assert.StartsWith("schema.json:6:", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.columns[0].type", e.Message, StringComparison.Ordinal);
        Assert.Contains("'numbr' is not a column type (number, category, text)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingKey_NamesTheKey()
    {
        var e = Assert.Throws<InvalidDataException>(() => InputSchema.Parse("""{ "format_version": 1, "label": null, "columns": [] }""", "schema.json"));
        Assert.Contains("missing_tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFormatVersion_Refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => InputSchema.Parse(SchemaFixtures.SchemaJson.Replace("\"format_version\": 1", "\"format_version\": 2", StringComparison.Ordinal), "b/schema.json"));
        Assert.Equal("b/schema.json: format_version: 2 is not a version this mlmax reads (1)", e.Message);
    }

    [Fact]
    public void Parse_CategoryWithoutValues_Refused()
    {
        var json = """{ "format_version": 1, "label": null, "missing_tokens": [], "columns": [ { "name": "sex", "type": "category", "required": true } ] }""";
        var e = Assert.Throws<InvalidDataException>(() => InputSchema.Parse(json, "schema.json"));
        Assert.Equal("schema.json: columns[0] ('sex'): a category column needs its 'values'", e.Message);
    }

    [Fact]
    public void Parse_TwoColumnsMatchingTheSameInput_Refused()
    {
        var json = """{ "format_version": 1, "label": null, "missing_tokens": [], "columns": [ { "name": "Class of worker", "type": "text", "required": true }, { "name": "class_of_worker", "type": "text", "required": true } ] }""";
        var e = Assert.Throws<InvalidDataException>(() => InputSchema.Parse(json, "schema.json"));
        Assert.Contains("columns[1].name: 'class_of_worker' is the same column as 'Class of worker'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBaseline_CountsNotAddingUpToRows_Refused()
    {
        var json = SchemaFixtures.BaselineJson.Replace("\"rows\": 4", "\"rows\": 5", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => TrainingBaseline.Parse(json, "baseline.json"));
        Assert.Equal("baseline.json: numeric.age: count 4 + missing 0 is not rows 5", e.Message);
    }

    private static string WithAgeBins(string bins) =>
        Canonical(SchemaFixtures.BaselineJson).Replace("    \"age\": {\n", "    \"age\": {\n" + bins, StringComparison.Ordinal);

    [Fact]
    public void TrainingBaseline_WithQuantileBins_ReadsThemAndRoundTripsByteForByte()
    {
        var json = WithAgeBins("      \"bins\": {\n        \"counts\": [\n          1,\n          1,\n          2\n        ],\n        \"edges\": [\n          10,\n          25\n        ]\n      },\n");
        var baseline = TrainingBaseline.Parse(json, "baseline.json");
        Assert.Equal(new NumericBins([10, 25], [1, 1, 2]), baseline.Numeric["age"].Bins, new BinsComparer());
        Assert.Null(baseline.Numeric["empty"].Bins);
        Assert.Equal(json, baseline.ToJson());
    }

    [Fact]
    public void ParseBaseline_BinCountsNotAddingUpToCount_Refused()
    {
        var json = WithAgeBins("      \"bins\": { \"counts\": [1, 1, 1], \"edges\": [10, 25] },\n");
        var e = Assert.Throws<InvalidDataException>(() => TrainingBaseline.Parse(json, "baseline.json"));
        Assert.Equal("baseline.json: numeric.age.bins: the counts add up to 3, not count 4", e.Message);
    }

    [Fact]
    public void ParseBaseline_BinEdgesNotIncreasing_Refused()
    {
        var json = WithAgeBins("      \"bins\": { \"counts\": [1, 1, 2], \"edges\": [25, 25] },\n");
        var e = Assert.Throws<InvalidDataException>(() => TrainingBaseline.Parse(json, "baseline.json"));
        Assert.Equal("baseline.json: numeric.age.bins.edges[1]: 25 is not above the edge before it; edges must increase", e.Message);
    }

    [Theory]
    [InlineData(-5.0, 0)]
    [InlineData(10.0, 0)]
    [InlineData(10.5, 1)]
    [InlineData(25.0, 1)]
    [InlineData(25.01, 2)]
    [InlineData(1e9, 2)]
    public void BinOf_Value_RightClosedBinWithOpenEnds(double value, int bin) =>
        Assert.Equal(bin, new NumericBins([10, 25], [1, 1, 2]).BinOf(value));

    [Fact]
    public void ParseBaseline_NotJson_NamesLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => TrainingBaseline.Parse("{\n  \"rows\": 4,,\n}", "baseline.json"));
        Assert.StartsWith("baseline.json:2:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(43.5, "43.5")]
    [InlineData(1.0 / 3, "0.333333")]
    [InlineData(12.0, "12")]
    [InlineData(-1e-9, "0")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(-2.5000004, "-2.5")]
    public void Number_CanonicalForm_SixDecimalsNoExponent(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.Number(value));

    private sealed class BinsComparer : IEqualityComparer<NumericBins?>
    {
        public bool Equals(NumericBins? x, NumericBins? y) =>
            x is not null && y is not null && x.Edges.SequenceEqual(y.Edges) && x.Counts.SequenceEqual(y.Counts);

        public int GetHashCode(NumericBins? obj) => 0;
    }
}

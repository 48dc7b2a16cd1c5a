using Mlmax.Scoring.Schema;

namespace Mlmax.Scoring.Tests.Schema;

public sealed class StreamingSchemaCheckTests
{
    private static readonly string[] Header = ["id", "age", "class of worker"];

    private static readonly string[][] Rows =
    [
        ["a", "30", "Private"],
        ["b", "x", "Private"],
        ["c", "40", "Martian"],
        ["d", "41", "Private"],
        ["e", "y", "Venusian"],
    ];

    [Fact]
    public void Refuse_AfterTheFirstViolation_RowsAreCheckedNotScored_AndFinishFailsWithTheTotal()
    {
        var check = new StreamingSchemaCheck(SchemaFixtures.Guard, ViolationPolicy.Refuse);
        check.Start(Header, "in.csv");
        var scored = Rows.Select((r, i) => check.Row(i + 1, r, r[0])).ToList();
        Assert.Equal([true, false, false, false, false], scored);
        Assert.Equal(4, check.Tally.Total);
        Assert.Equal(3, check.Tally.Rows);

        var e = Assert.Throws<SchemaViolationException>(() => check.Finish("in.csv"));
        Assert.StartsWith("in.csv: nothing was scored: 4 schema violations in 3 rows:", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 2, column 'age': 'x' is not a number", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 3, column 'class of worker': 'Martian' is a category not seen in training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_EveryRowScored_AndEveryViolationSunkWithItsRowId()
    {
        var sunk = new List<(SchemaViolation, string?)>();
        var check = new StreamingSchemaCheck(SchemaFixtures.Guard, ViolationPolicy.Report, (v, id) => sunk.Add((v, id)));
        check.Start(Header, "in.csv");
        Assert.All(Rows.Select((r, i) => check.Row(i + 1, r, r[0])), Assert.True);
        check.Finish("in.csv");
        Assert.Equal(["b", "c", "e", "e"], sunk.Select(s => s.Item2));
        Assert.Equal([2L, 3, 5, 5], sunk.Select(s => s.Item1.Row!.Value));
        Assert.Equal(["id"], check.IgnoredColumns);
        Assert.Equal(
            [new ViolationGroup("age", ViolationKind.NotANumber, 2, "x"), new ViolationGroup("class of worker", ViolationKind.UnseenCategory, 2, "Martian")],
            check.Tally.Groups);
    }

    [Theory]
    [InlineData(ViolationPolicy.Refuse)]
    [InlineData(ViolationPolicy.Report)]
    public void Start_RequiredColumnMissing_FailsUnderEitherPolicyNamingIt(ViolationPolicy policy)
    {
        var check = new StreamingSchemaCheck(SchemaFixtures.Guard, policy);
        var e = Assert.Throws<SchemaViolationException>(() => check.Start(["id", "class of worker"], "in.csv"));
        Assert.Contains("in.csv: required column is missing: 'age'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ManyViolations_NamesTheFirstAndCountsTheRest()
    {
        var tally = new ViolationTally(keep: 3);
        for (var row = 1; row <= 6; row++)
        {
            tally.Add(new SchemaViolation(row, "age", ViolationKind.NotANumber, $"v{row}"));
        }

        Assert.Equal(6, tally.Total);
        Assert.Equal(3, tally.First.Count);
        Assert.Equal(
            "6 schema violations in 6 rows: row 1, column 'age': 'v1' is not a number; row 2, column 'age': 'v2' is not a number; and 4 more",
            tally.Describe(2));
        Assert.Equal(new ViolationGroup("age", ViolationKind.NotANumber, 6, "v1"), Assert.Single(tally.Groups));
    }

    [Fact]
    public void ViolationsCsvWriter_WritesOneLinePerViolationQuotingWhenNeeded()
    {
        var text = new StringWriter { NewLine = "\n" };
        var writer = new ViolationsCsvWriter(text, withId: true);
        writer.Write(new SchemaViolation(3, "class of worker", ViolationKind.UnseenCategory, "Self, \"employed\""), "r3");
        writer.Write(new SchemaViolation(null, "age", ViolationKind.MissingColumn, null), null);
        Assert.Equal(
            "row,id,column,problem,value\n3,r3,class of worker,unseen_category,\"Self, \"\"employed\"\"\"\n,,age,missing_column,\n",
            text.ToString());
    }
}

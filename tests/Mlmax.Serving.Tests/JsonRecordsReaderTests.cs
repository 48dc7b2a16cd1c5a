using System.Text;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Tests;

public sealed class JsonRecordsReaderTests
{
    private static readonly KnownColumnNames Expected = new(["age", "sex", "class of worker"]);

    public static TheoryData<string> RecordBodies =>
    [
        """[{"age": 39, "sex": " Male", "class of worker": "Private"}]""",
        """{"dataframe_records": [{"age": 39, "sex": " Male", "class of worker": "Private"}, {"age": 4.5e1, "sex": null, "class of worker": "?"}]}""",
        """{"instances": [{"sex": "Female", "age": -1}, {"age": 2, "class of worker": "x", "sex": "y"}]}""",
        """{"inputs": [{"age": 1}, {"extra": true, "age": 2}, {"sex": false}]}""",
        """ {"dataframe_records": [{"age": 1, "age": 2, "s\u0065x": "\u00e9t\u00e9", "class of worker": "a\"b"}]} """,
        """[{"age": 39, "sex": " Male"}]""",
        """{"dataframe_records": []}""",
        """[]""",
    ];

    public static TheoryData<string> OtherBodies =>
    [
        """{"age": 39}""",
        """{"dataframe_split": {"columns": ["age"], "data": [[39]]}}""",
        """{"inputs": {"age": [39]}}""",
        """{"instances": [{"age": [39]}]}""",
        """{"instances": [{"age": 39}], "inputs": []}""",
        """{"instances": [39]}""",
        """{"instances": [{"age": 3""",
        """[{"age": 1}] x""",
        """[{"age": 1}] // comment""",
    ];

    [Theory]
    [MemberData(nameof(RecordBodies))]
    public void TryRead_Records_SameBatchAsTheGeneralReader(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var general = JsonPayloadReader.ReadDocument(bytes);
        foreach (var expected in new[] { null, Expected })
        {
            var fast = JsonRecordsReader.TryRead(bytes, expected);
            Assert.NotNull(fast);
            Assert.Equal(general.Columns, fast.Columns);
            Assert.Equal(general.Rows.Count, fast.Rows.Count);
            for (var r = 0; r < general.Rows.Count; r++)
            {
                Assert.Equal(general.Rows[r], fast.Rows[r]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(OtherBodies))]
    public void TryRead_OtherShapesNestedValuesOrMalformedJson_LeavesTheBodyToTheGeneralReader(string body) =>
        Assert.Null(JsonRecordsReader.TryRead(Encoding.UTF8.GetBytes(body), Expected));

    [Fact]
    public void TryRead_ExactlyTheExpectedNames_ReusesTheirArray()
    {
        var batch = JsonRecordsReader.TryRead("""[{"age": 1, "sex": "F", "class of worker": "x"}]"""u8, Expected);
        Assert.Same(Expected.Names, batch!.Columns);
    }
}

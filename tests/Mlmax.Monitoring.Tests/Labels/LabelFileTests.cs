using Mlmax.Monitoring.Labels;
using Mlmax.Monitoring.Tests.Synthetic;

namespace Mlmax.Monitoring.Tests.Labels;

public sealed class LabelFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string text)
    {
        var path = _folder.PathOf("labels.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_BooleanLabels_CountsRowsAndDuplicates()
    {
        var labels = LabelFile.Read(Write("Customer ID,label\na,true\nb,0\nc,YES\na,false\n"), "customer_id", "label", null);

        Assert.Equal((4L, 1L), (labels.Rows, labels.Duplicates));
        Assert.Equal(new Dictionary<string, bool> { ["a"] = true, ["b"] = false, ["c"] = true }, labels.Labels);
    }

    [Fact]
    public void Read_PositiveValue_OthersAreNegative()
    {
        var labels = LabelFile.Read(Write("id,income\n1, 50000+.\n2, - 50000.\n"), "id", "income", "50000+.");

        Assert.Equal(new Dictionary<string, bool> { ["1"] = true, ["2"] = false }, labels.Labels);
    }

    [Fact]
    public void Read_UnparsableLabel_NamesFileLineAndValue()
    {
        var path = Write("id,label\na,true\nb,maybe\n");

        var error = Assert.Throws<InvalidDataException>(() => LabelFile.Read(path, "id", "label", null));

        Assert.Contains($"{path}:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'maybe'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingColumn_NamesTheColumnsAndTheOption()
    {
        var path = Write("id,truth\na,1\n");

        var error = Assert.Throws<InvalidDataException>(() => LabelFile.Read(path, "id", "label", null));

        Assert.Contains($"{path}:1: no column 'label' (its columns: id, truth): name the right one with --label-column", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("id,label\n")]
    public void Read_NoRows_SaysSo(string text)
    {
        var path = Write(text);

        var error = Assert.Throws<InvalidDataException>(() => LabelFile.Read(path, "id", "label", null));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}

using Mlmax.Scoring.Schema;

namespace Mlmax.Scoring.Tests.Schema;

public sealed class InputSchemaGuardTests
{
    private static readonly string[] Header = ["age", "class of worker", "notes", "instance weight", "income"];

    private static List<SchemaViolation> CheckRow(params string?[] values)
    {
        var violations = new List<SchemaViolation>();
        SchemaFixtures.Guard.Bind(Header).CheckRow(7, values, violations);
        return violations;
    }

    [Fact]
    public void Bind_RequiredColumnMissing_IsAViolationWithoutRow()
    {
        var binding = SchemaFixtures.Guard.Bind(["class of worker", "notes"]);
        var violation = Assert.Single(binding.MissingColumns);
        Assert.Equal(new SchemaViolation(null, "age", ViolationKind.MissingColumn, null), violation);
        Assert.Contains("'age' is required but missing", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OptionalColumnsMissing_AreNoViolation() =>
        Assert.Empty(SchemaFixtures.Guard.Bind(["age", "class of worker"]).MissingColumns);

    [Fact]
    public void Bind_NamesDifferingInCaseSpacesAndPunctuation_Match()
    {
        var binding = SchemaFixtures.Guard.Bind(["AGE", "ClassOfWorker"]);
        Assert.Empty(binding.MissingColumns);
        var violations = new List<SchemaViolation>();
        binding.CheckRow(1, ["x", "Private"], violations);
        Assert.Equal(new SchemaViolation(1, "age", ViolationKind.NotANumber, "x"), Assert.Single(violations));
    }

    [Fact]
    public void Bind_ColumnsNotInSchema_AreIgnoredAndListedOnceButNotTheLabel()
    {
        var binding = SchemaFixtures.Guard.Bind(["id", "age", "class of worker", "income", "extra", "id"]);
        Assert.Equal(["id", "extra", "id"], binding.IgnoredColumns.Take(3));
        Assert.DoesNotContain("income", binding.IgnoredColumns);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("12 years")]
    public void CheckRow_NotANumberInNumberColumn_NamesRowColumnAndValue(string value)
    {
        var violation = Assert.Single(CheckRow($" {value} ", "Private", "", "1"));
        Assert.Equal(new SchemaViolation(7, "age", ViolationKind.NotANumber, value), violation);
        Assert.Equal($"row 7, column 'age': '{value}' is not a number", violation.ToString());
        Assert.Equal("not_a_number", violation.Problem);
    }

    [Theory]
    [InlineData("42")]
    [InlineData(" 1.5 ")]
    [InlineData("-3")]
    [InlineData("1e3")]
    [InlineData("200")]
    public void CheckRow_NumbersEvenOutsideTheTrainingRange_Pass(string value) =>
        Assert.Empty(CheckRow(value, " Private", "anything at all", "12.5"));

    [Theory]
    [InlineData("Self-employed")]
    [InlineData("private")]
    public void CheckRow_CategoryNotSeenInTraining_NamesRowColumnAndValue(string value)
    {
        var violation = Assert.Single(CheckRow("30", $" {value}", "", ""));
        Assert.Equal(new SchemaViolation(7, "class of worker", ViolationKind.UnseenCategory, value), violation);
        Assert.Contains($"row 7, column 'class of worker': '{value}'", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRow_MissingTokensNullsAndShortRows_AreNeverViolations()
    {
        Assert.Empty(CheckRow("", " ? ", null, "?"));
        Assert.Empty(CheckRow(" ? "));
        Assert.Empty(CheckRow());
    }

    [Fact]
    public void CheckRow_SeveralProblems_AllReportedInSchemaOrder()
    {
        var violations = CheckRow("old", "Nobody", "free text", "heavy");
        Assert.Equal(
            [(ViolationKind.NotANumber, "age"), (ViolationKind.UnseenCategory, "class of worker"), (ViolationKind.NotANumber, "instance weight")],
            violations.Select(v => (v.Kind, v.Column)));
    }

    [Fact]
    public void Check_Request_RowsNamedByIndexAndRefusedPerPolicy()
    {
        var result = SchemaFixtures.Guard.Check(["age", "class of worker", "id"], [["30", "Private"], ["x", "Private"], ["31", "Martian"]]);
        Assert.Equal(
            [new SchemaViolation(1, "age", ViolationKind.NotANumber, "x"), new SchemaViolation(2, "class of worker", ViolationKind.UnseenCategory, "Martian")],
            result.Violations);
        Assert.Equal(["id"], result.IgnoredColumns);
        Assert.False(result.IsValid);
        Assert.True(result.Refuses(ViolationPolicy.Refuse));
        Assert.False(result.Refuses(ViolationPolicy.Report));
    }

    [Fact]
    public void Check_RequestWithoutARequiredColumn_RefusedUnderBothPolicies()
    {
        var result = SchemaFixtures.Guard.Check(["class of worker"], [["Private"]]);
        Assert.Equal(ViolationKind.MissingColumn, Assert.Single(result.Violations).Kind);
        Assert.True(result.Refuses(ViolationPolicy.Refuse));
        Assert.True(result.Refuses(ViolationPolicy.Report));
    }

    [Fact]
    public void Check_ValidRequest_RefusedByNeitherPolicy()
    {
        var result = SchemaFixtures.Guard.Check(["age", "class of worker"], [["30", "Private"], ["?", ""]]);
        Assert.True(result.IsValid);
        Assert.False(result.Refuses(ViolationPolicy.Refuse));
        Assert.False(result.Refuses(ViolationPolicy.Report));
    }

    [Fact]
    public void FromBundle_WithAndWithoutSchemaRole_GuardOrNull()
    {
        var root = Path.Combine(Path.GetTempPath(), "mlmax-guard-" + Guid.NewGuid().ToString("N"));
        using (var with = SchemaFixtures.Bundle(root, ("schema", "schema.json", SchemaFixtures.SchemaJson), ("model", "model.zip", "x")))
        {
            Assert.Equal(4, InputSchemaGuard.FromBundle(with)!.Schema.Columns.Count);
        }

        Assert.False(Directory.Exists(root));
        using var without = SchemaFixtures.Bundle(root, ("model", "model.zip", "x"));
        Assert.Null(InputSchemaGuard.FromBundle(without));
        Assert.Null(TrainingBaseline.FromBundle(without));
    }
}

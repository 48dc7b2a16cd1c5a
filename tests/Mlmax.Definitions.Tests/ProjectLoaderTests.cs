namespace Mlmax.Definitions.Tests;

public sealed class ProjectLoaderTests
{
    private readonly ProjectLoader loader = new();

    [Fact]
    public void Parse_FullSettings_MapsEveryField()
    {
        var settings = loader.Parse(
            "name: census\ndotnet:\n  project: src/Census.Steps/Census.Steps.csproj\n  in_process: true\npython:\n  interpreter: /usr/bin/python3\n",
            "mlmax.yaml");

        Assert.Equal(
            new ProjectSettings("census") { DotnetProject = "src/Census.Steps/Census.Steps.csproj", DotnetInProcess = true, PythonInterpreter = "/usr/bin/python3" },
            settings);
    }

    [Fact]
    public void Parse_NameOnly_DefaultsApply()
    {
        var settings = loader.Parse("name: census\n", "mlmax.yaml");

        Assert.Null(settings.DotnetProject);
        Assert.False(settings.DotnetInProcess);
        Assert.Null(settings.PythonInterpreter);
        Assert.Null(settings.Metadata);
        Assert.Null(settings.Artifacts);
    }

    [Theory]
    [InlineData("local", true)]
    [InlineData("s3://mlmax-artifacts/team-a", true)]
    [InlineData("s3://mlmax-artifacts", true)]
    [InlineData("gs://bucket/prefix", false)]
    [InlineData("s3://", false)]
    [InlineData("s3:///prefix", false)]
    public void Parse_ArtifactStore_CheckedAgainstKnownBackends(string artifacts, bool valid)
    {
        var yaml = $"name: census\nartifacts: '{artifacts}'\n";

        if (valid)
        {
            Assert.Equal(artifacts, loader.Parse(yaml, "mlmax.yaml").Artifacts);
        }
        else
        {
            var error = Assert.Single(Assert.Throws<DefinitionException>(() => loader.Parse(yaml, "mlmax.yaml")).Errors);
            Assert.Equal("artifacts", error.Key);
        }
    }

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("postgres://mlmax:secret@db.internal:5432/mlmax", true)]
    [InlineData("postgresql://mlmax@localhost/mlmax?sslmode=require", true)]
    [InlineData("mysql://db/mlmax", false)]
    [InlineData("postgres://", false)]
    public void Parse_MetadataStore_CheckedAgainstKnownBackends(string metadata, bool valid)
    {
        var yaml = $"name: census\nmetadata: '{metadata}'\n";

        if (valid)
        {
            Assert.Equal(metadata, loader.Parse(yaml, "mlmax.yaml").Metadata);
        }
        else
        {
            var error = Assert.Single(Assert.Throws<DefinitionException>(() => loader.Parse(yaml, "mlmax.yaml")).Errors);
            Assert.Equal("metadata", error.Key);
        }
    }

    [Theory]
    [InlineData("census-python", true)]
    [InlineData("census_2", true)]
    [InlineData("Census", false)]
    [InlineData("-census", false)]
    [InlineData("census python", false)]
    public void Parse_ProjectName_CheckedAgainstRule(string name, bool valid)
    {
        var yaml = $"name: '{name}'\n";

        if (valid)
        {
            Assert.Equal(name, loader.Parse(yaml, "mlmax.yaml").Name);
        }
        else
        {
            var error = Assert.Single(Assert.Throws<DefinitionException>(() => loader.Parse(yaml, "mlmax.yaml")).Errors);
            Assert.Equal(("name", 1, 7), (error.Key, error.Line, error.Column));
        }
    }

    [Fact]
    public void Parse_SeveralProblems_AllLocated()
    {
        var errors = Assert.Throws<DefinitionException>(() => loader.Parse(
            "dotnet:\n  projet: x.csproj\n  in_process: maybe\npython: /usr/bin/python3\n",
            "mlmax.yaml")).Errors;

        Assert.Equal(
            [("name", 1), ("dotnet.projet", 2), ("dotnet.in_process", 3), ("python", 4)],
            errors.Select(e => (e.Key, e.Line)));
        Assert.Contains("did you mean 'project'?", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("expected true or false, got 'maybe'", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("expected a mapping { interpreter }", errors[3].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.Equal("mlmax.yaml", e.File));
    }

    [Fact]
    public void Parse_ServingSection_ReadsSamplingRateAndIdColumn()
    {
        var settings = loader.Parse("name: census\nserving:\n  log_requests: 0.25\n  id_column: customer_id\n", "mlmax.yaml");

        Assert.Equal(0.25, settings.ServingLogRequests);
        Assert.Equal("customer_id", settings.ServingIdColumn);
        Assert.Null(loader.Parse("name: census\n", "mlmax.yaml").ServingLogRequests);
    }

    [Theory]
    [InlineData("1.5", "from 0 (off) to 1")]
    [InlineData("-0.1", "from 0 (off) to 1")]
    [InlineData("often", "expected a number, got 'often'")]
    public void Parse_ServingLogRequestsOutOfRange_ErrorAtItsLine(string rate, string message)
    {
        var error = Assert.Single(Assert.Throws<DefinitionException>(() => loader.Parse($"name: census\nserving:\n  log_requests: {rate}\n", "mlmax.yaml")).Errors);

        Assert.Equal(("mlmax.yaml", "serving.log_requests", 3), (error.File, error.Key, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

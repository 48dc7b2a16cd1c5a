namespace Mlmax.Definitions.Tests;

/// <summary>The pipelines shipped in <c>templates/</c> load, and their training pipelines register the census model.</summary>
public sealed class TemplateTests
{
    public static TheoryData<string> PipelineFiles() => new(RelativePipelinePaths());

    [Theory]
    [MemberData(nameof(PipelineFiles))]
    public void Load_TemplatePipeline_Valid(string file)
    {
        var spec = new PipelineLoader().Load(Path.Combine(RepositoryRoot(), "templates", file));

        Assert.Matches("^sha256:[0-9a-f]{64}$", CanonicalForm.Version(spec));
    }

    [Theory]
    [InlineData("census", new[] { "baseline", "model", "prediction_baseline", "schema", "transform" })]
    [InlineData("census-python", new[] { "baseline", "model", "schema" })] // an ONNX model holds its preprocessing
    public void Load_TemplateTrainingPipeline_RegistersCensusModel(string template, string[] roles)
    {
        var spec = new PipelineLoader().Load(Path.Combine(RepositoryRoot(), "templates", template, "pipelines", "training.yaml"));

        var model = Assert.IsType<Mlmax.Specs.ModelSpec>(spec.Model);
        Assert.Equal("census", model.Name);
        Assert.Equal("evaluate", model.MetricsStep);
        Assert.Equal(roles, model.Bundle.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, model.Gates.Count);
    }

    [Fact]
    public void PipelineFiles_Found_AtLeastTheTrainingPipelines()
    {
        var files = RelativePipelinePaths();

        Assert.Contains(Path.Combine("census", "pipelines", "training.yaml"), files);
        Assert.Contains(Path.Combine("census-python", "pipelines", "training.yaml"), files);
    }

    /// <summary>Every <c>templates/*/pipelines/*.yaml</c>, relative to <c>templates/</c>.</summary>
    private static string[] RelativePipelinePaths()
    {
        var templates = Path.Combine(RepositoryRoot(), "templates");
        return [.. Directory.EnumerateDirectories(templates)
            .Select(t => Path.Combine(t, "pipelines"))
            .Where(Directory.Exists)
            .SelectMany(p => Directory.EnumerateFiles(p, "*.yaml"))
            .Select(f => Path.GetRelativePath(templates, f))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The repository root: the nearest folder above the test binaries holding <c>mlmax.slnx</c>.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mlmax.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no mlmax.slnx above {AppContext.BaseDirectory}");
    }
}

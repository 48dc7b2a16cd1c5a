namespace Mlmax.Definitions;

/// <summary>The JSON schemas (draft 2020-12) of the YAML formats, for editors' completion and checking.
/// The CLI writes them to <c>.mlmax/schema/</c>; pipeline files point at them with
/// <c># yaml-language-server: $schema=../.mlmax/schema/pipeline.schema.json</c>.</summary>
public static class DefinitionSchemas
{
    /// <summary>The file name of the pipeline schema.</summary>
    public const string PipelineFileName = "pipeline.schema.json";

    /// <summary>The file name of the project schema.</summary>
    public const string ProjectFileName = "project.schema.json";

    /// <summary>The schema of <c>pipelines/NAME.yaml</c>.</summary>
    public static string Pipeline => Read(PipelineFileName);

    /// <summary>The schema of <c>mlmax.yaml</c>.</summary>
    public static string Project => Read(ProjectFileName);

    /// <summary>Every schema, keyed by its file name.</summary>
    /// <returns>File name to schema text.</returns>
    public static IReadOnlyDictionary<string, string> All() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PipelineFileName] = Pipeline,
        [ProjectFileName] = Project,
    };

    private static string Read(string fileName)
    {
        using var stream = typeof(DefinitionSchemas).Assembly.GetManifestResourceStream($"Mlmax.Definitions.Schemas.{fileName}")
            ?? throw new InvalidOperationException($"the schema resource {fileName} is missing from {typeof(DefinitionSchemas).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

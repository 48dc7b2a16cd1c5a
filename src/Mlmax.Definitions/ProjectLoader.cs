using Mlmax.Definitions.Internal;

namespace Mlmax.Definitions;

/// <summary>Loads project settings (<c>mlmax.yaml</c>), reporting every problem with file, line, column and key path.</summary>
public sealed partial class ProjectLoader
{
    private static readonly string[] RootKeys = ["name", "dotnet", "python", "metadata", "artifacts", "executor", "serving", "monitoring"];
    private static readonly string[] DotnetKeys = ["project", "in_process"];
    private static readonly string[] PythonKeys = ["interpreter"];
    private static readonly string[] ServingKeys = ["log_requests", "id_column"];

    /// <summary>Loads and validates a project settings file.</summary>
    /// <param name="path">The file's path; errors name it as given.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="DefinitionException">The file is missing or invalid.</exception>
    public ProjectSettings Load(string path) => Parse(DefinitionFiles.Read(path), path);

    /// <summary>Parses and validates project settings.</summary>
    /// <param name="yamlText">The YAML text.</param>
    /// <param name="fileName">The name errors give for the source.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="DefinitionException">The settings are invalid; carries every error found.</exception>
    public ProjectSettings Parse(string yamlText, string fileName)
    {
        var errors = new ErrorCollector(fileName);
        var root = new YamlTreeReader(errors).Read(yamlText);
        if (root is null)
        {
            if (errors.Errors.Count == 0)
            {
                errors.Add(string.Empty, new SourceMark(1, 1), "the project file is empty; expected at least 'name: PROJECT'");
            }

            throw new DefinitionException(errors.Sorted());
        }

        var settings = Read(root, errors);
        return errors.Errors.Count == 0 ? settings! : throw new DefinitionException(errors.Sorted());
    }

    private static ProjectSettings? Read(YNode root, ErrorCollector errors)
    {
        var document = MappingReader.AsMapping(root, string.Empty, RootKeys, "a mapping with keys name, dotnet, python, metadata, artifacts, executor, serving and monitoring", errors);
        if (document is null)
        {
            return null;
        }

        var name = document.String("name", required: true, what: "the project's name");
        if (name is not null && !Names.IsValidProject(name))
        {
            errors.Add("name", document.Get("name")!.Start, $"invalid project name '{name}': a lowercase letter, then lowercase letters, digits, '_' and '-' ({Names.ProjectPattern})");
        }

        var metadata = document.String("metadata", what: "sqlite or a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL");
        if (metadata is not null && !IsMetadataStore(metadata))
        {
            errors.Add("metadata", document.Get("metadata")!.Start,
                "invalid metadata store: 'sqlite' (the default) or a PostgreSQL URL postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        }

        var artifacts = document.String("artifacts", what: "local or an s3://BUCKET/PREFIX URL");
        if (artifacts is not null && !IsArtifactStore(artifacts))
        {
            errors.Add("artifacts", document.Get("artifacts")!.Start,
                "invalid artifact store: 'local' (the default) or an S3 URL s3://BUCKET/PREFIX");
        }

        var executor = document.String("executor", what: "local or hangfire");
        if (executor is not null && executor is not ("local" or "hangfire"))
        {
            errors.Add("executor", document.Get("executor")!.Start,
                $"unknown executor '{executor}': 'local' (the default, this machine) or 'hangfire' (a worker fleet sharing the PostgreSQL metadata database)");
        }

        var dotnet = document.Nested("dotnet", DotnetKeys, "a mapping { project, in_process }");
        var python = document.Nested("python", PythonKeys, "a mapping { interpreter }");
        var serving = document.Nested("serving", ServingKeys, "a mapping { log_requests, id_column }");
        var logRequests = serving?.Number("log_requests");
        if (logRequests is { } rate && (double.IsNaN(rate) || rate is < 0 or > 1))
        {
            errors.Add("serving.log_requests", serving!.Get("log_requests")!.Start,
                $"the request log sampling rate must be from 0 (off) to 1 (every served row), got {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}: e.g. 0.1 logs one row in ten");
        }

        var monitoring = ReadMonitoring(document);
        return new ProjectSettings(name ?? string.Empty)
        {
            DotnetProject = dotnet?.String("project", what: "a project file path"),
            DotnetInProcess = dotnet?.Bool("in_process") ?? false,
            PythonInterpreter = python?.String("interpreter", what: "an interpreter path or command"),
            Metadata = metadata,
            Artifacts = artifacts,
            Executor = executor,
            ServingLogRequests = logRequests,
            ServingIdColumn = serving?.String("id_column", what: "the request column holding row ids"),
            Monitoring = monitoring,
        };
    }

    private static bool IsMetadataStore(string text) =>
        text == "sqlite"
        || ((text.StartsWith("postgres://", StringComparison.Ordinal) || text.StartsWith("postgresql://", StringComparison.Ordinal))
            && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0);

    private static bool IsArtifactStore(string text) =>
        text == "local" || (text.StartsWith("s3://", StringComparison.Ordinal) && text.Length > "s3://".Length && text[5] != '/');
}

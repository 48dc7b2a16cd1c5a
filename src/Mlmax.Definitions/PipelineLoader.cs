using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>Loads pipeline definitions (<c>pipelines/NAME.yaml</c>) into <see cref="PipelineSpec"/>s, checking
/// every rule before anything runs and reporting all problems at once, each with file, line, column and key path.</summary>
public sealed class PipelineLoader
{
    private readonly PipelineValidator validator = new();

    /// <summary>Loads and validates a pipeline definition file.</summary>
    /// <param name="path">The file's path; errors name it as given.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="DefinitionException">The file is missing or the definition is invalid.</exception>
    public PipelineSpec Load(string path) => Parse(DefinitionFiles.Read(path), path);

    /// <summary>Parses and validates a pipeline definition.</summary>
    /// <param name="yamlText">The YAML text.</param>
    /// <param name="fileName">The name errors give for the source.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="DefinitionException">The definition is invalid; carries every error found.</exception>
    public PipelineSpec Parse(string yamlText, string fileName)
    {
        var errors = new ErrorCollector(fileName);
        var root = new YamlTreeReader(errors).Read(yamlText);
        if (root is null)
        {
            if (errors.Errors.Count == 0)
            {
                errors.Add(string.Empty, new SourceMark(1, 1), "the definition is empty; expected a mapping with keys name, parameters, inputs and steps");
            }

            throw new DefinitionException(errors.Sorted());
        }

        var spec = new PipelineReader(errors).Read(root);
        if (spec is not null)
        {
            errors.AddFromSpec(validator.Validate(spec));
        }

        return errors.Errors.Count == 0 ? spec! : throw new DefinitionException(errors.Sorted());
    }
}

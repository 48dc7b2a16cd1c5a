using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>Turns a YAML tree into a <see cref="PipelineSpec"/>, reporting every shape and type error it meets.
/// Semantic rules (references, cycles, names) are left to <see cref="PipelineValidator"/>.</summary>
internal sealed partial class PipelineReader(ErrorCollector errors)
{
    private static readonly string[] RootKeys = ["name", "description", "parameters", "inputs", "steps", "model", "schedules", "watches"];

    public PipelineSpec? Read(YNode root)
    {
        errors.Locate(string.Empty, root.Start);
        var document = MappingReader.AsMapping(root, string.Empty, RootKeys, "a mapping with keys name, parameters, inputs and steps", errors);
        if (document is null)
        {
            return null;
        }

        var name = document.String("name", required: true, what: "the pipeline's name") ?? string.Empty;
        var description = document.String("description");
        var parameters = ReadParameters(document.Nested("parameters", null, "a mapping of parameter names to { type, default, description }"));
        var inputs = ReadInputs(document.Nested("inputs", null, "a mapping of input names to { type, default, from, description }"));
        if (!document.Has("steps"))
        {
            document.ReportMissing("steps", "a mapping of step names to steps");
        }

        var steps = ReadSteps(document.Nested("steps", null, "a mapping of step names to steps"));
        var model = ReadModel(document);
        return new PipelineSpec(name, parameters, inputs, steps)
        {
            Description = description,
            Model = model,
            Schedules = ReadSchedules(document),
            Watches = ReadWatches(document),
        };
    }
}

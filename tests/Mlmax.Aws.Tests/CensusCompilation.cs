using Mlmax.Aws.Compilation;
using Mlmax.Definitions;

namespace Mlmax.Aws.Tests;

/// <summary>The census template's pipelines, compiled.</summary>
internal static class CensusCompilation
{
    public static CompiledPipeline Compile(string pipeline, string? projectRoot = null)
    {
        var root = projectRoot ?? Repository.CensusTemplate;
        var settings = new ProjectLoader().Load(Path.Combine(root, "mlmax.yaml"));
        var file = Path.Combine("pipelines", pipeline + ".yaml");
        var spec = new PipelineLoader().Load(Path.Combine(root, file));
        return new PipelineCompiler(root, settings).Compile(spec, file);
    }
}

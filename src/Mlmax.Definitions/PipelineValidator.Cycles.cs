using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>The no-cycles rule.</summary>
public sealed partial class PipelineValidator
{
    private static void ValidateCycles(PipelineSpec spec, Action<string, string> add)
    {
        var dependencies = StepDependencies.Of(spec);
        foreach (var cycle in StepDependencies.Cycles(spec, dependencies))
        {
            // Report at the input of the cycle's first step that closes the cycle.
            var first = cycle[0];
            var previous = cycle[^2];
            var input = spec.FindStep(first)!.Inputs.First(i => i.Source is StepOutputReference r && r.Step == previous);
            add(
                $"steps.{first}.inputs.{input.Name}",
                $"steps form a cycle: {string.Join(" -> ", cycle)} (each arrow: an output taken as input by the next step)");
        }
    }
}

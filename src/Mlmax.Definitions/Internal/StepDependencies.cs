using Mlmax.Specs;

namespace Mlmax.Definitions.Internal;

/// <summary>The direct dependencies between steps: which steps' outputs each step takes.</summary>
internal static class StepDependencies
{
    /// <summary>For each step (first of a name), the steps it takes outputs from, in definition order,
    /// leaving out itself and steps that do not exist.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Of(PipelineSpec spec)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in spec.Steps)
        {
            order.TryAdd(step.Name, order.Count);
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var step in spec.Steps)
        {
            if (result.ContainsKey(step.Name))
            {
                continue;
            }

            result[step.Name] = [.. step.Inputs
                .Select(i => i.Source)
                .OfType<StepOutputReference>()
                .Select(r => r.Step)
                .Where(s => s != step.Name && order.ContainsKey(s))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(s => order[s])];
        }

        return result;
    }

    /// <summary>Every cycle, each as its steps in data-flow order starting and ending at the earliest-defined step of the cycle.</summary>
    public static List<IReadOnlyList<string>> Cycles(PipelineSpec spec, Dictionary<string, IReadOnlyList<string>> dependencies)
    {
        var cycles = new List<IReadOnlyList<string>>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();
        var names = spec.Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var order = names.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);

        void Visit(string step)
        {
            var onStack = stack.IndexOf(step);
            if (onStack >= 0)
            {
                // The stack follows dependencies (consumer -> producer); data flows the other way.
                var cycle = stack.Skip(onStack).Reverse().ToList();
                var start = cycle.IndexOf(cycle.MinBy(s => order[s])!);
                var rotated = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                if (reported.Add(string.Join(",", rotated.Order(StringComparer.Ordinal))))
                {
                    cycles.Add([.. rotated, rotated[0]]);
                }

                return;
            }

            if (done.Contains(step))
            {
                return;
            }

            stack.Add(step);
            foreach (var upstream in dependencies[step])
            {
                Visit(upstream);
            }

            stack.RemoveAt(stack.Count - 1);
            done.Add(step);
        }

        foreach (var step in names)
        {
            Visit(step);
        }

        return cycles;
    }
}

using Mlmax.Definitions.Internal;
using Mlmax.Specs;

namespace Mlmax.Definitions;

/// <summary>The dependency graph of a pipeline's steps: a step depends on the steps whose outputs it takes.</summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> dependencies;
    private readonly Dictionary<string, IReadOnlyList<string>> dependents;
    private readonly Dictionary<string, int> position;

    /// <summary>Builds the graph of a pipeline.</summary>
    /// <param name="spec">The pipeline; its references should be valid (unknown steps are ignored).</param>
    /// <exception cref="DefinitionException">The steps form a cycle.</exception>
    public PipelineGraph(PipelineSpec spec)
    {
        dependencies = StepDependencies.Of(spec);
        if (StepDependencies.Cycles(spec, dependencies) is [var cycle, ..])
        {
            throw new DefinitionException($"steps form a cycle: {string.Join(" -> ", cycle)}");
        }

        Order = TopologicalOrder(spec, dependencies);
        position = Order.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        dependents = Order.ToDictionary(
            name => name,
            name => (IReadOnlyList<string>)[.. Order.Where(other => dependencies[other].Contains(name))],
            StringComparer.Ordinal);
    }

    /// <summary>Every step in an order where each comes after the steps it depends on; among steps that are
    /// ready at the same time, the one defined first comes first.</summary>
    public IReadOnlyList<string> Order { get; }

    /// <summary>The steps whose outputs <paramref name="step"/> takes directly, in <see cref="Order"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The direct dependencies.</returns>
    /// <exception cref="KeyNotFoundException">No such step.</exception>
    public IReadOnlyList<string> DependenciesOf(string step) => [.. dependencies[step].OrderBy(s => position[s])];

    /// <summary>The steps that take an output of <paramref name="step"/> directly, in <see cref="Order"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The direct dependents.</returns>
    /// <exception cref="KeyNotFoundException">No such step.</exception>
    public IReadOnlyList<string> DependentsOf(string step) => dependents[step];

    /// <summary>Every step <paramref name="step"/> depends on, directly or not, in <see cref="Order"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The transitive dependencies, without the step itself.</returns>
    /// <exception cref="KeyNotFoundException">No such step.</exception>
    public IReadOnlyList<string> Upstream(string step) => Closure(step, dependencies);

    /// <summary>Every step that depends on <paramref name="step"/>, directly or not, in <see cref="Order"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The transitive dependents, without the step itself.</returns>
    /// <exception cref="KeyNotFoundException">No such step.</exception>
    public IReadOnlyList<string> Downstream(string step) => Closure(step, dependents);

    private List<string> Closure(string step, Dictionary<string, IReadOnlyList<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(edges[step]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in edges[next])
                {
                    pending.Push(further);
                }
            }
        }

        return [.. seen.OrderBy(s => position[s])];
    }

    private static List<string> TopologicalOrder(PipelineSpec spec, Dictionary<string, IReadOnlyList<string>> dependencies)
    {
        var names = spec.Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>(names.Count);
        while (order.Count < names.Count)
        {
            var ready = names.First(n => !placed.Contains(n) && dependencies[n].All(placed.Contains));
            placed.Add(ready);
            order.Add(ready);
        }

        return order;
    }
}

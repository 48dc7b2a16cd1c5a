using System.Collections.Concurrent;
using Mlmax.Steps;

namespace Mlmax.Execution;

/// <summary>
/// Runs one .NET step class against a contract. The same code serves a step in its own process
/// (<c>mlmax exec-step</c>) and a step inside the mlmax process, so both give the same outputs.
/// </summary>
public static class DotnetStepEntryPoint
{
    private static readonly ConcurrentDictionary<string, StepAssemblyLoadContext> Contexts = new(StringComparer.Ordinal);

    /// <summary>Creates the step instance.</summary>
    /// <param name="assemblyPath">The built step assembly.</param>
    /// <param name="typeName">The step class's full name.</param>
    /// <returns>The step.</returns>
    /// <exception cref="InvalidOperationException">The type is missing or is not an <see cref="IStep"/> with a parameterless constructor.</exception>
    public static IStep CreateStep(string assemblyPath, string typeName)
    {
        var full = Path.GetFullPath(assemblyPath);
        var context = Contexts.GetOrAdd(full, p => new StepAssemblyLoadContext(p));
        var assembly = context.LoadFromAssemblyPath(full);
        var type = assembly.GetType(typeName, throwOnError: false)
            ?? throw new InvalidOperationException(
                $"step class '{typeName}' is not in {Path.GetFileName(full)}; classes implementing IStep there: " +
                string.Join(", ", assembly.GetTypes().Where(t => typeof(IStep).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.FullName)));
        if (!typeof(IStep).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new InvalidOperationException($"'{typeName}' does not implement Mlmax.Steps.IStep (derive it from Step<TParameters>)");
        }

        return (IStep)(Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"'{typeName}' needs a public parameterless constructor"));
    }

    /// <summary>Runs the step. Exceptions are reported on <paramref name="log"/> and turned into exit code 1.</summary>
    /// <param name="assemblyPath">The built step assembly.</param>
    /// <param name="typeName">The step class's full name.</param>
    /// <param name="contract">The contract.</param>
    /// <param name="log">The step's log.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>0 on success, 1 on failure.</returns>
    public static async Task<int> RunAsync(string assemblyPath, string typeName, StepContract contract, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            var step = CreateStep(assemblyPath, typeName);
            await step.ExecuteAsync(new StepContext(contract, log), cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            await log.WriteLineAsync($"step {contract.Step} failed: {e.GetType().Name}: {e.Message}");
            await log.WriteLineAsync(e.StackTrace);
            return 1;
        }
    }
}

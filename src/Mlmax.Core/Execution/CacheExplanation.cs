namespace Mlmax.Execution;

/// <summary>Says in words why a step ran: what changed since the step's previous finished run.</summary>
public static class CacheExplanation
{
    /// <summary>The differences between two cache key parts, most telling first.</summary>
    /// <param name="previous">The previous step run's parts, or <see langword="null"/> when there was none.</param>
    /// <param name="current">This step run's parts.</param>
    /// <returns>One phrase per difference; empty when nothing differs.</returns>
    public static IReadOnlyList<string> Differences(CacheKeyParts? previous, CacheKeyParts current)
    {
        if (previous is null)
        {
            return ["no earlier run of this step"];
        }

        var reasons = new List<string>();
        foreach (var file in current.Code.Keys.Union(previous.Code.Keys).Order(StringComparer.Ordinal))
        {
            var was = previous.Code.GetValueOrDefault(file);
            var now = current.Code.GetValueOrDefault(file);
            if (was != now)
            {
                reasons.Add(was is null ? $"code {file} added" : now is null ? $"code {file} removed" : $"code {file} changed");
            }
        }

        if (previous.Runner != current.Runner)
        {
            reasons.Add($"runner changed {previous.Runner} -> {current.Runner}");
        }

        Compare("param", previous.Parameters, current.Parameters, reasons, showValues: true);
        Compare("input", previous.Inputs, current.Inputs, reasons, showValues: false);
        if (!previous.Outputs.SequenceEqual(current.Outputs))
        {
            reasons.Add($"outputs changed [{string.Join(", ", previous.Outputs)}] -> [{string.Join(", ", current.Outputs)}]");
        }

        Compare("environment", previous.Environment, current.Environment, reasons, showValues: true);
        return reasons;
    }

    private static void Compare(string what, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, List<string> reasons, bool showValues)
    {
        foreach (var key in after.Keys.Union(before.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(key);
            var now = after.GetValueOrDefault(key);
            if (was == now)
            {
                continue;
            }

            reasons.Add((was, now, showValues) switch
            {
                (null, _, _) => $"{what} {key} added",
                (_, null, _) => $"{what} {key} removed",
                (_, _, true) => $"{what} {key} changed {was} -> {now}",
                _ => $"{what} {key} changed ({Short(was)} -> {Short(now)})",
            });
        }
    }

    private static string Short(string id) => Artifacts.ArtifactId.Short(id);
}

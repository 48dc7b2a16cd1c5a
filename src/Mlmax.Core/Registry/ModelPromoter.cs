using Mlmax.Specs;

namespace Mlmax.Registry;

/// <summary>How a promotion or rollback ended.</summary>
/// <param name="Moved">Whether the alias moved.</param>
/// <param name="Name">The model.</param>
/// <param name="Alias">The alias.</param>
/// <param name="From">The previous holder.</param>
/// <param name="To">The candidate or rollback target.</param>
/// <param name="Gates">The gate results.</param>
public sealed record PromotionOutcome(bool Moved, string Name, string Alias, int? From, int To, IReadOnlyList<GateResult> Gates);

/// <summary>Moves aliases through gates, records every decision, and rolls back to the previous holder.</summary>
public sealed class ModelPromoter
{
    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;

    /// <summary>Creates the promoter.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="time">The clock.</param>
    public ModelPromoter(IModelRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
    }

    /// <summary>Promotes a version to an alias if every gate holds (or <paramref name="force"/>); otherwise records a rejection.</summary>
    /// <param name="candidate">The version.</param>
    /// <param name="alias">The alias, e.g. <c>production</c>.</param>
    /// <param name="gates">The gates: the definition's and the command line's.</param>
    /// <param name="who">The user.</param>
    /// <param name="why">The reason.</param>
    /// <param name="force">Move even when a gate fails (recorded as forced).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    public async Task<PromotionOutcome> PromoteAsync(
        ModelVersionRecord candidate, string alias, IReadOnlyList<PromotionGate> gates, string who, string? why, bool force, CancellationToken cancellationToken)
    {
        if (candidate.Archived)
        {
            throw new InvalidOperationException($"{candidate.Reference} is archived and cannot be promoted");
        }

        var holder = await _registry.ResolveAsync(new ModelReference(candidate.Name, null, alias), cancellationToken);
        var results = GateEvaluator.Evaluate(gates, alias, candidate.Metrics, holder?.Metrics);
        var passed = results.All(r => r.Passed);
        if (!passed && !force)
        {
            await _registry.RecordAsync(
                new RegistryEvent(candidate.Name, "reject", alias, holder?.Version, candidate.Version, who, _time.GetUtcNow(), why, results), cancellationToken);
            return new PromotionOutcome(false, candidate.Name, alias, holder?.Version, candidate.Version, results);
        }

        var reason = passed ? why : $"forced past failing gates{(why is null ? "" : ": " + why)}";
        await _registry.MoveAliasAsync(candidate.Name, alias, candidate.Version, holder?.Version,
            new RegistryEvent(candidate.Name, "promote", alias, holder?.Version, candidate.Version, who, _time.GetUtcNow(), reason, results), cancellationToken);
        return new PromotionOutcome(true, candidate.Name, alias, holder?.Version, candidate.Version, results);
    }

    /// <summary>Returns an alias to the version that held it before the current one.</summary>
    /// <param name="name">The model.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="who">The user.</param>
    /// <param name="why">The reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="InvalidOperationException">The alias has no earlier holder to return to.</exception>
    public async Task<PromotionOutcome> RollbackAsync(string name, string alias, string who, string? why, CancellationToken cancellationToken)
    {
        var holders = new List<int>();
        foreach (var e in (await _registry.HistoryAsync(name, cancellationToken)).Where(e => e.Alias == alias))
        {
            if (e.Action == "promote" && e.ToVersion is { } to)
            {
                holders.Add(to);
            }
            else if (e.Action == "rollback" && holders.Count > 0)
            {
                holders.RemoveAt(holders.Count - 1);
            }
        }

        var current = await _registry.ResolveAsync(new ModelReference(name, null, alias), cancellationToken)
            ?? throw new InvalidOperationException($"{name}@{alias} is not set; nothing to roll back");
        if (holders.Count < 2)
        {
            throw new InvalidOperationException($"{name}@{alias} has no earlier holder to roll back to (it is {current.Reference})");
        }

        var target = holders[^2];
        await _registry.MoveAliasAsync(name, alias, target, current.Version,
            new RegistryEvent(name, "rollback", alias, current.Version, target, who, _time.GetUtcNow(), why, []), cancellationToken);
        return new PromotionOutcome(true, name, alias, current.Version, target, []);
    }
}

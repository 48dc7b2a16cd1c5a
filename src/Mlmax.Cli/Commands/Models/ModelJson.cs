using Mlmax.Registry;

namespace Mlmax.Cli.Commands.Models;

/// <summary>The JSON shapes of the models commands.</summary>
internal static class ModelJson
{
    public static object Version(ModelVersionRecord v) => new
    {
        model = v.Name,
        version = v.Version,
        reference = v.Reference,
        aliases = v.Aliases,
        archived = v.Archived,
        run = v.RunId,
        bundle = v.BundleArtifact,
        components = v.Components,
        metrics = v.Metrics,
        registered_at = v.CreatedAt,
    };

    public static object Outcome(PromotionOutcome o) => new
    {
        moved = o.Moved,
        model = o.Name,
        alias = o.Alias,
        from = o.From,
        to = o.To,
        gates = o.Gates,
    };
}

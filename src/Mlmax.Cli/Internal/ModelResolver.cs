using Mlmax.Registry;

namespace Mlmax.Cli.Internal;

/// <summary>Resolves a model reference typed by the user, with an error that lists what exists.</summary>
internal static class ModelResolver
{
    public static async Task<ModelVersionRecord> ResolveAsync(ProjectHost host, string text, CancellationToken cancellationToken)
    {
        ModelReference reference;
        try
        {
            reference = ModelReference.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UserException(e.Message);
        }

        var version = await host.Registry.ResolveAsync(reference, cancellationToken);
        if (version is not null)
        {
            return version;
        }

        var known = await host.Registry.ListAsync(reference.Name, cancellationToken);
        throw new UserException(known.Count == 0
            ? $"no model '{reference.Name}' in the registry (see: mlmax models list)"
            : $"no {reference}: versions {string.Join(", ", known.Select(v => v.Version))}; aliases {string.Join(", ", known.SelectMany(v => v.Aliases.Select(a => $"@{a}")).DefaultIfEmpty("none"))}");
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlmax.Registry;

/// <summary>A way to name a model version: <c>census</c> (latest), <c>census:3</c> (version 3) or <c>census@production</c> (alias).</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">A version number, if given.</param>
/// <param name="Alias">An alias, if given.</param>
public sealed partial record ModelReference(string Name, int? Version, string? Alias)
{
    /// <summary>Parses a reference.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">Malformed, with the accepted forms.</exception>
    public static ModelReference Parse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a model reference: use NAME (latest), NAME:VERSION (e.g. census:3) or NAME@ALIAS (e.g. census@production)");
        }

        return new ModelReference(
            m.Groups["name"].Value,
            m.Groups["version"].Success ? int.Parse(m.Groups["version"].Value, CultureInfo.InvariantCulture) : null,
            m.Groups["alias"].Success ? m.Groups["alias"].Value : null);
    }

    /// <inheritdoc/>
    public override string ToString() => Version is { } v ? $"{Name}:{v}" : Alias is { } a ? $"{Name}@{a}" : Name;

    [GeneratedRegex("^(?<name>[a-z][a-z0-9_-]*)(:(?<version>[1-9][0-9]{0,8})|@(?<alias>[a-z][a-z0-9_-]*))?$")]
    private static partial Regex Pattern();
}

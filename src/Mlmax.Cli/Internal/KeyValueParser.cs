namespace Mlmax.Cli.Internal;

/// <summary>Parses repeated <c>name=value</c> options.</summary>
internal static class KeyValueParser
{
    public static Dictionary<string, string> Parse(IEnumerable<string>? items, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UserException($"{option} '{item}' is not NAME=VALUE (e.g. {option} split_ratio=0.3)");
            }

            var name = item[..eq];
            if (!result.TryAdd(name, item[(eq + 1)..]))
            {
                throw new UserException($"{option} {name} is given twice");
            }
        }

        return result;
    }
}

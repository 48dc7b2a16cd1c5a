namespace Mlmax.Definitions.Internal;

/// <summary>Builds the "what would be valid" part of error messages.</summary>
internal static class Suggestions
{
    /// <summary>Formats the valid choices, with a close match first when there is one, e.g. <c>did you mean 'train'? (steps: a, train)</c>.</summary>
    public static string Of(string given, string label, IEnumerable<string> valid)
    {
        var choices = valid.ToList();
        if (choices.Count == 0)
        {
            return $"(no {label} declared)";
        }

        var list = $"({label}: {string.Join(", ", choices)})";
        var close = choices
            .Select(c => (Choice: c, Distance: Distance(given, c)))
            .Where(c => c.Distance <= Math.Max(1, given.Length / 3) || IsPrefix(given, c.Choice))
            .OrderBy(c => c.Distance)
            .Select(c => c.Choice)
            .FirstOrDefault();
        return close is null ? list : $"did you mean '{close}'? {list}";
    }

    private static bool IsPrefix(string given, string choice) =>
        given.Length >= 3 && (choice.StartsWith(given, StringComparison.Ordinal) || given.StartsWith(choice, StringComparison.Ordinal));

    /// <summary>Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one edit each.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

using System.Globalization;

namespace Mlmax.Definitions.Internal;

/// <summary>Reads one YAML mapping: reports unknown and duplicate keys, records where each key is,
/// and reads typed values with errors that name the key path and what would be valid.</summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YEntry> entries = new(StringComparer.Ordinal);
    private readonly List<YEntry> ordered = [];

    /// <param name="mapping">The mapping.</param>
    /// <param name="path">Its key path ("" for the document).</param>
    /// <param name="allowedKeys">The keys it may have, or <see langword="null"/> for a map of names.</param>
    /// <param name="errors">Where errors go.</param>
    public MappingReader(YMapping mapping, string path, IReadOnlyList<string>? allowedKeys, ErrorCollector errors)
    {
        Mapping = mapping;
        PathPrefix = path;
        Errors = errors;
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var keyPath = PathOf(key);
            if (allowedKeys is not null && !allowedKeys.Contains(key))
            {
                errors.Add(keyPath, entry.Key.Start, $"unknown key '{key}' {Suggestions.Of(key, "valid keys", allowedKeys)}");
                continue;
            }

            if (!entries.TryAdd(key, entry))
            {
                var first = entries[key].Key.Start;
                errors.Add(keyPath, entry.Key.Start, $"duplicate key '{key}' (first defined at line {first.Line})");
                continue;
            }

            ordered.Add(entry);
            errors.Locate(keyPath, entry.Value is YScalar ? entry.Value.Start : entry.Key.Start);
        }
    }

    public YMapping Mapping { get; }

    public string PathPrefix { get; }

    public ErrorCollector Errors { get; }

    /// <summary>The accepted entries, in document order.</summary>
    public IReadOnlyList<YEntry> Entries => ordered;

    public string PathOf(string key) => PathPrefix.Length == 0 ? key : $"{PathPrefix}.{key}";

    public bool Has(string key) => entries.ContainsKey(key);

    public YNode? Get(string key) => entries.TryGetValue(key, out var e) ? e.Value : null;

    public void ReportMissing(string key, string what) =>
        Errors.Add(PathOf(key), Errors.Where(PathPrefix, Mapping.Start), $"missing required key '{key}' ({what})");

    /// <summary>A string value; any scalar is accepted as its text.</summary>
    public string? String(string key, bool required = false, string what = "a string")
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            if (required)
            {
                ReportMissing(key, what);
            }

            return null;
        }

        if (entry.Value is YScalar { IsNull: false } scalar)
        {
            return scalar.Value;
        }

        Errors.Add(PathOf(key), entry.Value.Start, $"expected {what}, got {Describe(entry.Value)}");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar { IsPlain: true } scalar && YamlLiterals.TryBool(scalar.Value, out var value))
        {
            return value;
        }

        Errors.Add(PathOf(key), node.Start, $"expected true or false, got {Describe(node)}");
        return null;
    }

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public long? Integer(string key, long minimum, long maximum = long.MaxValue)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar { IsPlain: true } scalar && YamlLiterals.TryInteger(scalar.Value, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        var range = maximum == long.MaxValue
            ? $"of at least {minimum.ToString(CultureInfo.InvariantCulture)}"
            : $"from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}";
        Errors.Add(PathOf(key), node.Start, $"expected a whole number {range}, got {Describe(node)}");
        return null;
    }

    /// <summary>A number: any plain integer or floating-point scalar, as a <see cref="double"/>.</summary>
    public double? Number(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar { IsPlain: true } scalar)
        {
            switch (YamlLiterals.Literal(scalar))
            {
                case long whole:
                    return whole;
                case double value:
                    return value;
            }
        }

        Errors.Add(PathOf(key), node.Start, $"expected a number, got {Describe(node)}");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar && Durations.TryParse(scalar.Value) is { } value)
        {
            return value;
        }

        Errors.Add(PathOf(key), node.Start, $"expected {Durations.Expected}, got {Describe(node)}");
        return null;
    }

    /// <summary>A list of strings; a single scalar counts as a one-item list when <paramref name="allowScalar"/>.</summary>
    public IReadOnlyList<string>? StringList(string key, bool allowScalar = false)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return null;
            case YScalar { IsNull: false } scalar when allowScalar:
                return [scalar.Value];
            case YSequence sequence:
                var items = new List<string>();
                foreach (var item in sequence.Items)
                {
                    if (item is YScalar { IsNull: false } s)
                    {
                        items.Add(s.Value);
                    }
                    else
                    {
                        Errors.Add(PathOf(key), item.Start, $"expected a string list item, got {Describe(item)}");
                    }
                }

                return items;
            default:
                Errors.Add(PathOf(key), node.Start, $"expected a list of strings, got {Describe(node)}");
                return null;
        }
    }

    /// <summary>A nested mapping; an empty value counts as an empty mapping.</summary>
    public MappingReader? Nested(string key, IReadOnlyList<string>? allowedKeys, string what)
    {
        var node = Get(key);
        return node is null ? null : AsMapping(node, PathOf(key), allowedKeys, what, Errors);
    }

    /// <summary>Reads <paramref name="node"/> as a mapping, or reports what was expected.</summary>
    public static MappingReader? AsMapping(YNode node, string path, IReadOnlyList<string>? allowedKeys, string what, ErrorCollector errors)
    {
        switch (node)
        {
            case YMapping mapping:
                return new MappingReader(mapping, path, allowedKeys, errors);
            case YScalar { IsNull: true } scalar:
                return new MappingReader(new YMapping([], scalar.Start), path, allowedKeys, errors);
            default:
                errors.Add(path, node.Start, $"expected {what}, got {Describe(node)}");
                return null;
        }
    }

    /// <summary>Describes a node for messages: <c>'abc'</c>, <c>a list</c>, <c>a mapping</c>, <c>nothing</c>.</summary>
    public static string Describe(YNode node) => node switch
    {
        YScalar { IsNull: true } => "nothing",
        YScalar scalar => $"'{scalar.Value}'",
        YSequence => "a list",
        _ => "a mapping",
    };
}

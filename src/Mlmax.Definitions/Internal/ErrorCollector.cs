namespace Mlmax.Definitions.Internal;

/// <summary>Collects the errors of one file and remembers where each key path is, so that errors found
/// later on the built spec (by <see cref="PipelineValidator"/>) can be placed back in the file.</summary>
internal sealed class ErrorCollector(string file)
{
    private readonly List<DefinitionError> errors = [];
    private readonly Dictionary<string, SourceMark> locations = new(StringComparer.Ordinal);
    private readonly HashSet<string> covered = new(StringComparer.Ordinal);

    public IReadOnlyList<DefinitionError> Errors => errors;

    public void Add(string key, SourceMark mark, string message) =>
        errors.Add(new DefinitionError(file, mark.Line, mark.Column, key, message));

    /// <summary>Records where a key path is; a later record for the same path (a duplicate) wins.</summary>
    public void Locate(string key, SourceMark mark) => locations[key] = mark;

    /// <summary>Where a key path was recorded, or <paramref name="fallback"/>.</summary>
    public SourceMark Where(string key, SourceMark fallback) => locations.GetValueOrDefault(key, fallback);

    /// <summary>Marks a key path whose problem is already reported in other words, so that
    /// <see cref="AddFromSpec"/> does not report it again.</summary>
    public void Cover(string key) => covered.Add(key);

    /// <summary>Adds the errors found on the spec built from the file, leaving out those at key paths already
    /// reported or covered, and places each at its key path or the nearest enclosing one that is known.</summary>
    public void AddFromSpec(IEnumerable<DefinitionError> found)
    {
        var known = errors.Select(e => e.Key).Concat(covered).ToHashSet(StringComparer.Ordinal);
        foreach (var error in found.Where(e => !known.Contains(e.Key)))
        {
            AddLocated(error);
        }
    }

    private void AddLocated(DefinitionError error)
    {
        var key = error.Key;
        while (true)
        {
            if (locations.TryGetValue(key, out var mark))
            {
                Add(error.Key, mark, error.Message);
                return;
            }

            var dot = key.LastIndexOf('.');
            if (dot < 0)
            {
                Add(error.Key, locations.GetValueOrDefault(string.Empty), error.Message);
                return;
            }

            key = key[..dot];
        }
    }

    /// <summary>The errors sorted by position (stable for errors at the same place).</summary>
    public IReadOnlyList<DefinitionError> Sorted() =>
        [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}

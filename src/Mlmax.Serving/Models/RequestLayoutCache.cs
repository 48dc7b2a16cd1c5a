using System.Collections.Concurrent;

namespace Mlmax.Serving.Models;

/// <summary>
/// The <see cref="RequestLayout"/>s of one served model, by column names (compared in order, ordinal). Bounded, so
/// clients sending ever new column names cannot grow memory: past the bound, layouts are worked out per request.
/// </summary>
internal sealed class RequestLayoutCache
{
    /// <summary>The most layouts remembered.</summary>
    public const int Capacity = 64;

    private readonly ConcurrentDictionary<IReadOnlyList<string>, RequestLayout> _layouts = new(ColumnNamesComparer.Instance);

    private RequestLayout? _recent;

    /// <summary>The layout of the last request, whose column names the next request most likely sends too.</summary>
    public RequestLayout? Recent => Volatile.Read(ref _recent);

    /// <summary>The layout remembered for these column names, or <see langword="null"/>.</summary>
    public RequestLayout? TryGet(IReadOnlyList<string> columnNames)
    {
        if (Recent is { } recent && ReferenceEquals(columnNames, recent.Names.Names))
        {
            return recent;
        }

        if (!_layouts.TryGetValue(columnNames, out var layout))
        {
            return null;
        }

        Volatile.Write(ref _recent, layout);
        return layout;
    }

    /// <summary>Remembers a layout while there is room, and returns the one remembered for its names (or this one).</summary>
    public RequestLayout Remember(RequestLayout layout)
    {
        if (_layouts.Count >= Capacity)
        {
            return layout;
        }

        layout = _layouts.GetOrAdd(layout.Names.Names, layout);
        Volatile.Write(ref _recent, layout);
        return layout;
    }

    private sealed class ColumnNamesComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly ColumnNamesComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Count != y.Count)
            {
                return false;
            }

            for (var i = 0; i < x.Count; i++)
            {
                if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<string> names)
        {
            var hash = new HashCode();
            hash.Add(names.Count);
            for (var i = 0; i < names.Count; i++)
            {
                hash.Add(names[i], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

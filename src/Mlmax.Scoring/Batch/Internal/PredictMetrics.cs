using System.Text.Json;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>The metrics <see cref="PredictStep"/> writes, and how the parts' combine into the whole's.</summary>
internal static class PredictMetrics
{
    public const string RowsScored = "rows_scored";
    public const string RowsPerSecond = "rows_per_second";
    public const string SchemaViolations = "schema_violations";
    public const string RowsWithViolations = "rows_with_violations";

    /// <summary>Reads a part's metrics file.</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a flat JSON object of numbers.</exception>
    public static Dictionary<string, double> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: the part's metrics file is missing; only parts whose predict step succeeded can be merged");
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: expected a JSON object of metrics, found null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: metrics must be a flat JSON object of numbers ({e.Message})", e);
        }
    }

    /// <summary>Writes metrics as <see cref="PredictStep"/> does.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, double> metrics) =>
        File.WriteAllText(path, JsonSerializer.Serialize(metrics));

    /// <summary>Sums the counts and recomputes the rate (see <see cref="BatchPartitions.CombineMetrics"/>).</summary>
    /// <param name="parts">The parts' metrics.</param>
    /// <param name="name">Names part <c>i</c> in errors.</param>
    public static Dictionary<string, double> Combine(IReadOnlyList<IReadOnlyDictionary<string, double>> parts, Func<int, string> name)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("there are no metrics to combine", nameof(parts));
        }

        var keys = parts[0].Keys.ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Keys.FirstOrDefault(k => k is not (RowsScored or RowsPerSecond or SchemaViolations or RowsWithViolations)) is { } unknown)
            {
                throw new InvalidDataException($"{name(i)}: metric '{unknown}' is not one a predict step writes, so there is no rule to combine it");
            }

            if (parts[i].Count != keys.Count || !keys.All(parts[i].ContainsKey))
            {
                throw new InvalidDataException(
                    $"{name(i)} has the metrics {string.Join(", ", parts[i].Keys)}, {name(0)} {string.Join(", ", keys)}; the parts of one predict step report the same");
            }
        }

        var combined = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            combined[key] = key == RowsPerSecond ? Rate(parts) : parts.Sum(p => p[key]);
        }

        return combined;
    }

    /// <summary>Rows over the parts' summed scoring seconds, each part's seconds recovered from its rows and rate.</summary>
    private static double Rate(IReadOnlyList<IReadOnlyDictionary<string, double>> parts)
    {
        double rows = 0;
        double seconds = 0;
        foreach (var part in parts)
        {
            var partRows = part.GetValueOrDefault(RowsScored);
            rows += partRows;
            if (partRows > 0 && part[RowsPerSecond] > 0)
            {
                seconds += partRows / part[RowsPerSecond];
            }
        }

        return seconds > 0 ? Math.Round(rows / seconds) : 0;
    }
}

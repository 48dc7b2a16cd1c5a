using System.Text.Json;
using Mlmax.Registry;
using Mlmax.Scoring;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Models;

/// <summary>
/// A loaded, verified model version ready to score: immutable, so a request that started with it finishes with it
/// even if another version is swapped in meanwhile.
/// </summary>
/// <param name="Version">The registry's record of the version (its aliases as of the last look).</param>
/// <param name="Scorer">The scorer (thread-safe per call).</param>
/// <param name="Guard">
/// The skew guard from the bundle's <c>schema</c> role, loaded with the scorer so that a swap replaces both at once;
/// <see langword="null"/> when the bundle has no schema (its input is then not checked against training data).
/// </param>
/// <param name="Inputs">The input schema, in order.</param>
/// <param name="Outputs">The values of each prediction, in order.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record ServedModel(
    ModelVersionRecord Version,
    BundleScorer Scorer,
    InputSchemaGuard? Guard,
    IReadOnlyList<InputColumn> Inputs,
    IReadOnlyList<OutputColumn> Outputs,
    DateTimeOffset LoadedAt)
{
    /// <summary>
    /// The columns of a CSV body without a header, in order: the input schema from the first column the model reads
    /// to the last one (a leading id or a trailing label it does not read are left out).
    /// </summary>
    public IReadOnlyList<InputColumn> CsvColumns { get; } = ReadSpan(Inputs);

    /// <summary>What this model makes of the column names requests send, remembered per set of names.</summary>
    internal RequestLayoutCache Layouts { get; } = new();

    /// <summary>The names of <see cref="Outputs"/> as JSON property names, encoded once.</summary>
    internal IReadOnlyList<JsonEncodedText> JsonOutputNames { get; } = PredictionWriter.JsonNames(Outputs.Select(o => o.Name));

    private static List<InputColumn> ReadSpan(IReadOnlyList<InputColumn> inputs)
    {
        var all = inputs.ToList();
        var first = all.FindIndex(c => c.Required);
        var last = all.FindLastIndex(c => c.Required);
        return first < 0 ? all : all.GetRange(first, last - first + 1);
    }
}

using System.Globalization;
using Mlmax.Specs;

namespace Mlmax.Registry;

/// <summary>Checks promotion gates: absolute bounds on a candidate's metrics, and bounds relative to the alias's current holder.</summary>
public static class GateEvaluator
{
    /// <summary>Evaluates the gates that apply to <paramref name="alias"/>.</summary>
    /// <param name="gates">The gates.</param>
    /// <param name="alias">The alias being promoted to.</param>
    /// <param name="candidate">The candidate's metrics.</param>
    /// <param name="holder">The current holder's metrics, or <see langword="null"/> when the alias is free.</param>
    /// <returns>One result per bound checked.</returns>
    public static IReadOnlyList<GateResult> Evaluate(
        IEnumerable<PromotionGate> gates, string alias, IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? holder)
    {
        var results = new List<GateResult>();
        foreach (var gate in gates.Where(g => g.Alias is null || g.Alias == alias))
        {
            if (!candidate.TryGetValue(gate.Metric, out var value))
            {
                results.Add(new GateResult($"{gate.Metric} recorded", false, $"the candidate has no metric '{gate.Metric}' (it has: {string.Join(", ", candidate.Keys)})"));
                continue;
            }

            if (gate.Min is { } min)
            {
                results.Add(new GateResult($"{gate.Metric} >= {F(min)}", value >= min, $"{gate.Metric} = {F(value)}"));
            }

            if (gate.Max is { } max)
            {
                results.Add(new GateResult($"{gate.Metric} <= {F(max)}", value <= max, $"{gate.Metric} = {F(value)}"));
            }

            foreach (var (bound, isDrop) in new[] { (gate.MaxDrop, true), (gate.MaxRise, false) })
            {
                if (bound is not { } b)
                {
                    continue;
                }

                var name = $"{gate.Metric} {(isDrop ? "drop" : "rise")} <= {F(b)} vs @{alias}";
                if (holder is null || !holder.TryGetValue(gate.Metric, out var before))
                {
                    results.Add(new GateResult(name, true, holder is null ? $"@{alias} has no holder yet" : $"the holder of @{alias} has no '{gate.Metric}'"));
                    continue;
                }

                var change = value - before;
                var passed = isDrop ? -change <= b + 1e-12 : change <= b + 1e-12;
                results.Add(new GateResult(name, passed, $"{gate.Metric} {F(before)} -> {F(value)} ({(change >= 0 ? "+" : "")}{F(change)})"));
            }
        }

        return results;
    }

    /// <summary>Parses a gate given on the command line: <c>auc&gt;=0.7</c>, <c>loss&lt;=0.3</c>, <c>auc drop&lt;=0.01</c>, <c>loss rise&lt;=0.05</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The gate.</returns>
    /// <exception cref="FormatException">Not one of the accepted forms.</exception>
    public static PromotionGate Parse(string text)
    {
        var t = text.Replace(" ", "", StringComparison.Ordinal);
        foreach (var (op, make) in new (string Op, Func<string, double, PromotionGate> Make)[]
                 {
                     ("drop<=", (m, v) => new PromotionGate(m) { MaxDrop = v }),
                     ("rise<=", (m, v) => new PromotionGate(m) { MaxRise = v }),
                     (">=", (m, v) => new PromotionGate(m) { Min = v }),
                     ("<=", (m, v) => new PromotionGate(m) { Max = v }),
                 })
        {
            var at = t.IndexOf(op, StringComparison.Ordinal);
            if (at > 0 && double.TryParse(t[(at + op.Length)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return make(t[..at], v);
            }
        }

        throw new FormatException($"gate '{text}' is not METRIC>=N, METRIC<=N, 'METRIC drop<=N' or 'METRIC rise<=N' (e.g. --gate auc>=0.8)");
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

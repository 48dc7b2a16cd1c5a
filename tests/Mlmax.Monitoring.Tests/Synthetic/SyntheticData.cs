using System.Globalization;
using System.Text;

namespace Mlmax.Monitoring.Tests.Synthetic;

/// <summary>
/// Seeded synthetic tables with known distributions: numeric <c>age</c> ~ N(40, 12) (1% missing), <c>income</c>
/// log-normal (2% missing), <c>hours</c> 0 for 60% of rows and else 1..60; categorical <c>color</c> (4 values),
/// <c>region</c> (4 values, one rare), <c>plan</c> (2 values, 3% missing); and their predictions: <c>score</c> ~
/// N(0.05·(age−40), 1), <c>probability</c> its logistic, <c>predicted_label</c> score &gt; 0.
/// </summary>
internal static class SyntheticData
{
    public static readonly string[] Header = ["id", "age", "income", "hours", "color", "region", "plan"];

    public static readonly string[] Numeric = ["age", "income", "hours"];

    public static readonly string[] Categorical = ["color", "region", "plan"];

    public static readonly string[] PredictionHeader = ["row_id", "predicted_label", "score", "probability"];

    private static readonly (string Value, double Weight)[] Colors = [("red", 0.4), ("green", 0.3), ("blue", 0.2), ("black", 0.1)];
    private static readonly (string Value, double Weight)[] Regions = [("north", 0.5), ("south", 0.3), ("east", 0.15), ("west", 0.05)];
    private static readonly (string Value, double Weight)[] Plans = [("basic", 0.7), ("pro", 0.3)];

    /// <summary>Feature rows and their prediction rows.</summary>
    public static (List<string?[]> Rows, List<string?[]> Predictions) Generate(int count, int seed, SyntheticDrift? drift = null)
    {
        drift ??= new SyntheticDrift();
        var random = new Random(seed);
        var rows = new List<string?[]>(count);
        var predictions = new List<string?[]>(count);
        for (var i = 0; i < count; i++)
        {
            var age = 40 + (12 * Normal(random)) + (12 * drift.AgeShift);
            var income = Math.Round(Math.Exp(10 + (0.5 * Normal(random))));
            var hours = random.NextDouble() < 0.6 ? 0 : random.Next(1, 61);
            var color = random.NextDouble() < drift.NewColorShare ? "purple" : Pick(random, Colors);
            var region = Pick(random, Regions);
            var plan = random.NextDouble() < 0.03 ? "" : Pick(random, Plans);
            var ageText = random.NextDouble() < 0.01 ? "?" : Number(Math.Round(age, 1));
            var incomeText = random.NextDouble() < 0.02 || random.NextDouble() < drift.IncomeMissingShare ? "" : Number(income);
            rows.Add([Number(i), ageText, incomeText, Number(hours), color, region, plan]);

            var score = (0.05 * (age - 40)) + Normal(random) + drift.ScoreShift;
            predictions.Add([Number(i), score > 0 ? "true" : "false", Number(score), Number(1 / (1 + Math.Exp(-score)))]);
        }

        return (rows, predictions);
    }

    /// <summary>Writes rows as CSV (values with a leading space, as the census files have them).</summary>
    public static string WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        var text = new StringBuilder().Append(string.Join(',', header)).Append('\n');
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(v => v is null ? "" : " " + v))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Pick(Random random, (string Value, double Weight)[] choices)
    {
        var u = random.NextDouble();
        foreach (var (value, weight) in choices)
        {
            if ((u -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

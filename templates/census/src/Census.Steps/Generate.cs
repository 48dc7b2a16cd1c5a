using System.Diagnostics;
using System.Globalization;
using Census.Steps.Generation;
using Mlmax.Steps;

namespace Census.Steps;

/// <summary>Generates census-like data of any size, for load tests and large-scale runs.</summary>
/// <remarks>
/// Input <c>sample</c>: a labeled census CSV to fit the distributions on (the shipped sample). Output <c>data</c>:
/// <c>census.csv</c>, <c>rows</c> rows in the raw census format (the 42 columns, so it feeds the training and
/// inference pipelines as is). Rows are written as they are drawn, in constant memory.
/// </remarks>
public sealed class Generate : Step<GenerateParameters>
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(StepContext context, GenerateParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.Rows < 0)
        {
            throw new ArgumentException($"rows must be 0 or more, got {parameters.Rows}");
        }

        var profile = CensusProfile.Fit(context.InputFile("sample"));
        context.Log.WriteLine($"fitted {profile.Strata.Count} strata on {profile.SampleRows} sample rows");
        var generator = new CensusGenerator(profile, parameters.Seed);

        var clock = Stopwatch.StartNew();
        using (var output = new StreamWriter(Path.Combine(context.Output("data"), "census.csv"), false, new System.Text.UTF8Encoding(false), Data.CensusCsv.BufferSize))
        {
            CensusGenerator.WriteHeader(output);
            for (var row = 0L; row < parameters.Rows; row++)
            {
                if ((row & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                generator.WriteRow(output);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {parameters.Rows} rows in {seconds:F2} s ({parameters.Rows / Math.Max(seconds, 1e-9):F0} rows/s)"));
        context.LogMetric("rows", parameters.Rows);
        return Task.CompletedTask;
    }
}

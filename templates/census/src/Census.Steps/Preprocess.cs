using System.Globalization;
using Census.Steps.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlmax.Steps;

namespace Census.Steps;

/// <summary>
/// Cleans the raw census CSV, splits it into train and test by seed, and fits the feature transform on the
/// training split only.
/// </summary>
/// <remarks>
/// Input <c>raw</c>: one census CSV file. Outputs: <c>train</c> (<c>train.csv</c>) and <c>test</c> (<c>test.csv</c>),
/// cleaned rows in the census CSV format (the 42 columns in header order, values trimmed, missing values empty,
/// label <c>- 50000.</c> or <c>50000+.</c>; rows without a label and duplicate rows dropped); <c>transform</c>
/// (<c>transform.zip</c>), the fitted ML.NET transform. Rows are streamed: each row's side depends only on the seed
/// and its number, so the split is the same on every run.
/// </remarks>
public sealed class Preprocess : Step<PreprocessParameters>
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(StepContext context, PreprocessParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.SplitRatio is <= 0 or >= 1)
        {
            throw new ArgumentException($"split_ratio must be in (0, 1), got {parameters.SplitRatio.ToString(CultureInfo.InvariantCulture)}");
        }

        var trainPath = Path.Combine(context.Output("train"), "train.csv");
        var testPath = Path.Combine(context.Output("test"), "test.csv");
        var profile = new SchemaWriter();
        var counts = Split(context.InputFile("raw"), trainPath, testPath, parameters, profile, cancellationToken);
        context.Log.WriteLine(
            $"read {counts.Read} rows: dropped {counts.Unlabeled} without a label and {counts.Duplicates} duplicates; " +
            $"train {counts.Train} rows ({counts.TrainPositive} at 50000+), test {counts.Test} rows ({counts.TestPositive} at 50000+)");
        if (counts.Train == 0 || counts.Test == 0)
        {
            throw new InvalidDataException($"the split left {counts.Train} training and {counts.Test} test rows; both need at least one");
        }

        context.LogMetric("rows_read", counts.Read);
        context.LogMetric("rows_train", counts.Train);
        context.LogMetric("rows_test", counts.Test);
        profile.WriteSchema(Path.Combine(context.Output("schema"), "schema.json"));
        profile.WriteBaseline(Path.Combine(context.Output("baseline"), "baseline.json"));
        context.Log.WriteLine($"wrote the input schema and baseline statistics of the {profile.Rows} training rows");

        var ml = new MLContext(parameters.Seed);
        var train = ml.Data.LoadFromEnumerable(CensusCsv.ReadRecords(trainPath));
        var transform = CensusFeatures.Create(ml).Fit(train);
        var features = transform.GetOutputSchema(train.Schema)[CensusFeatures.FeaturesColumn].Type is VectorDataViewType vector ? vector.Size : 1;
        ModelFile.Save(ml, transform, train.Schema, Path.Combine(context.Output("transform"), "transform.zip"));
        context.Log.WriteLine($"fitted the feature transform on the training split: {features} features");
        context.LogMetric("features", features);
        return Task.CompletedTask;
    }

    private static SplitCounts Split(
        string rawPath, string trainPath, string testPath, PreprocessParameters parameters, SchemaWriter trainProfile, CancellationToken cancellationToken)
    {
        var counts = new SplitCounts();
        var seen = new HashSet<ulong>();
        using var reader = new CensusCsvReader(rawPath);
        if (!reader.HasLabel)
        {
            throw new InvalidDataException($"{rawPath}: no '{CensusSchema.LabelHeader}' column; training data needs the label");
        }

        using var train = new StreamWriter(trainPath, false, new System.Text.UTF8Encoding(false), CensusCsv.BufferSize) { NewLine = "\n" };
        using var test = new StreamWriter(testPath, false, new System.Text.UTF8Encoding(false), CensusCsv.BufferSize) { NewLine = "\n" };
        train.WriteLine(CensusSchema.HeaderLine);
        test.WriteLine(CensusSchema.HeaderLine);
        while (reader.TryRead(out var row))
        {
            if ((counts.Read++ & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (row.Label is not { } label)
            {
                counts.Unlabeled++;
                continue;
            }

            row.Values[CensusSchema.LabelIndex] = label ? CensusSchema.PositiveLabel : CensusSchema.NegativeLabel;
            if (!seen.Add(RowHash.Of(row.Values)))
            {
                counts.Duplicates++;
                continue;
            }

            var toTest = StableRandom.At(parameters.Seed, seen.Count - 1) < parameters.SplitRatio;
            (toTest ? test : train).WriteLine(CensusCsv.FormatCleaned(row.Values));
            if (toTest)
            {
                counts.Test++;
                counts.TestPositive += label ? 1 : 0;
            }
            else
            {
                trainProfile.Add(row.Values);
                counts.Train++;
                counts.TrainPositive += label ? 1 : 0;
            }
        }

        return counts;
    }

    private sealed class SplitCounts
    {
        public long Read { get; set; }

        public long Unlabeled { get; set; }

        public long Duplicates { get; set; }

        public long Train { get; set; }

        public long TrainPositive { get; set; }

        public long Test { get; set; }

        public long TestPositive { get; set; }
    }
}

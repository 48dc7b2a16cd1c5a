using Census.Steps.Data;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Mlmax.Steps;

namespace Census.Steps;

/// <summary>Trains the binary income classifier on the transformed training split.</summary>
/// <remarks>
/// Inputs: <c>train</c> (the cleaned training CSV) and <c>transform</c> (the fitted feature transform). Output
/// <c>model</c>: <c>model.zip</c>, the trained ML.NET predictor, applied after the transform. Trainers run on one
/// thread with a fixed seed, so the same inputs give the same model bytes.
/// </remarks>
public sealed class Train : Step<TrainParameters>
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(StepContext context, TrainParameters parameters, CancellationToken cancellationToken)
    {
        var ml = new MLContext(parameters.Seed);
        var transform = ModelFile.Load(ml, context.InputFile("transform"));
        var data = ml.Data.LoadFromEnumerable(CensusCsv.ReadRecords(context.InputFile("train")));
        var train = ml.Data.Cache(transform.Transform(data));

        var trainer = CreateTrainer(ml, parameters);
        context.Log.WriteLine($"training {parameters.Algorithm} on {train.GetRowCount() ?? CountRows(train)} rows");
        cancellationToken.ThrowIfCancellationRequested();
        var model = trainer.Fit(train);

        ModelFile.Save(ml, model, train.Schema, Path.Combine(context.Output("model"), "model.zip"));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(train));
        context.LogMetric("train_auc", metrics.AreaUnderRocCurve);
        context.LogMetric("train_accuracy", metrics.Accuracy);
        return Task.CompletedTask;
    }

    private static IEstimator<ITransformer> CreateTrainer(MLContext ml, TrainParameters p) =>
        p.Algorithm.ToLowerInvariant() switch
        {
            "logistic" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(CensusRecord.Label),
                FeatureColumnName = CensusFeatures.FeaturesColumn,
                L1Regularization = (float)p.L1,
                L2Regularization = (float)p.L2,
                NumberOfThreads = 1,
            }),
            "fasttree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(CensusRecord.Label),
                FeatureColumnName = CensusFeatures.FeaturesColumn,
                NumberOfTrees = p.Trees,
                NumberOfLeaves = p.Leaves,
                MinimumExampleCountPerLeaf = p.MinLeafRows,
                LearningRate = p.LearningRate,
                NumberOfThreads = 1,
                Seed = p.Seed,
            }),
            _ => throw new ArgumentException($"algorithm must be 'logistic' or 'fasttree', got '{p.Algorithm}'"),
        };

    private static long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor([]);
        var rows = 0L;
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
    }
}

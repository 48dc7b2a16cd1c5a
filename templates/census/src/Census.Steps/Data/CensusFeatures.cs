using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Census.Steps.Data;

/// <summary>
/// The feature transform, fitted once on the training split and applied unchanged to test and inference data:
/// numeric columns imputed with the training mean and scaled to unit variance, categorical columns one-hot encoded
/// (a category not seen in training, or a missing value, encodes as all zeros), all concatenated into <c>Features</c>.
/// </summary>
internal static class CensusFeatures
{
    /// <summary>The name of the feature vector column.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>Creates the (unfitted) transform over <see cref="CensusRecord"/> data.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <returns>The estimator.</returns>
    public static IEstimator<ITransformer> Create(MLContext ml)
    {
        var numeric = CensusSchema.NumericFeatures.Select(n => new InputOutputColumnPair(n)).ToArray();
        var categorical = CensusSchema.CategoricalFeatures.Select(n => new InputOutputColumnPair(n)).ToArray();
        return ml.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.NormalizeMeanVariance(numeric))
            .Append(ml.Transforms.Categorical.OneHotEncoding(categorical))
            .Append(ml.Transforms.Concatenate(FeaturesColumn, [.. CensusSchema.NumericFeatures, .. CensusSchema.CategoricalFeatures]));
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// Scores with an ML.NET bundle: the fitted transform (<c>transform.zip</c>, saved with its input schema) followed by
/// the model (<c>model.zip</c>). No project code runs: both load natively, so training and scoring apply the very
/// same fitted preprocessing.
/// </summary>
public sealed class MlNetBundleScorer : BundleScorer
{
    private readonly ITransformer _pipeline;
    private readonly List<string> _outputNames;

    private MlNetBundleScorer(ITransformer pipeline, DataViewSchema inputSchema)
    {
        _pipeline = pipeline;
        Inputs = inputSchema
            .Where(c => !c.IsHidden && TypeOf(c.Type) is not null)
            .Select(c => new ModelColumn(c.Name, TypeOf(c.Type)!))
            .ToList();
        var outputs = pipeline.GetOutputSchema(inputSchema)
            .Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null && c.Type is PrimitiveDataViewType and not KeyDataViewType)
            .ToList();
        _outputNames = outputs.Select(c => c.Name).ToList();
        Outputs = outputs.Select(c => new ModelColumn(ModelColumn.Snake(c.Name), OutputTypeOf(c.Type))).ToList();
    }

    /// <inheritdoc/>
    public override string Format => "ml.net";

    /// <inheritdoc/>
    public override IReadOnlyList<ModelColumn> Inputs { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<ModelColumn> Outputs { get; }

    /// <summary>Loads the bundle's transform and model.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The scorer.</returns>
    public static new MlNetBundleScorer Load(BundleFiles bundle)
    {
        // Model files name their trainers' assemblies; make sure the ones mlmax ships are loaded.
        _ = typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly;
        if (!bundle.Directories.ContainsKey("transform"))
        {
            throw new InvalidDataException(
                $"{bundle.Version.Reference}: an ML.NET model needs its fitted preprocessing in bundle role 'transform' (only an ONNX model, model.onnx, holds it in its graph)");
        }

        var ml = new MLContext(seed: 0);
        var transform = ml.Model.Load(bundle.File("transform"), out var inputSchema);
        var model = ml.Model.Load(bundle.File("model"), out _);
        return new MlNetBundleScorer(new TransformerChain<ITransformer>(transform, model), inputSchema);
    }

    /// <inheritdoc/>
    internal override IChunkScorer CreateChunkScorer(IReadOnlyList<ModelColumn> columns)
    {
        try
        {
            return new MlNetChunkScorer(_pipeline, columns, _outputNames);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The transform refuses rows without a column it reads; say which of the model's columns are absent.
            throw new SchemaViolationException(
                $"a column the model needs is missing ({e.Message.Split('\n')[0].Trim()}); model columns absent from the input: {Absent(columns)}", e);
        }
    }

    private static Type? TypeOf(DataViewType type) => type switch
    {
        NumberDataViewType n when n.RawType == typeof(float) => typeof(float),
        NumberDataViewType n when n.RawType == typeof(double) => typeof(double),
        NumberDataViewType n when n.RawType == typeof(int) => typeof(int),
        NumberDataViewType n when n.RawType == typeof(long) => typeof(long),
        BooleanDataViewType => typeof(bool),
        TextDataViewType => typeof(string),
        _ => null,
    };

    private static Type OutputTypeOf(DataViewType type) => type switch
    {
        BooleanDataViewType => typeof(bool),
        NumberDataViewType n when n.RawType == typeof(float) => typeof(float),
        NumberDataViewType n when n.RawType == typeof(double) => typeof(double),
        _ => typeof(string),
    };
}

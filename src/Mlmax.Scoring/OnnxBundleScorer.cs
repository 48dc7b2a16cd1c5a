using Microsoft.ML.OnnxRuntime;

namespace Mlmax.Scoring;

/// <summary>
/// Scores with an ONNX bundle (a model trained elsewhere, e.g. a scikit-learn pipeline exported with its fitted
/// preprocessing): the <c>model</c> role holds <c>model.onnx</c>, run by ONNX Runtime. The graph takes one input per
/// column, shape [N, 1], named as the column (float, double, int64 or string); every output of shape [N] or [N, 1]
/// (e.g. <c>predicted_label</c>, <c>probability</c>) is a value of the prediction. Text values are cleaned as for
/// ML.NET bundles: trimmed, blank or <c>?</c> is missing (NaN for numbers, empty text for strings).
/// </summary>
public sealed class OnnxBundleScorer : BundleScorer
{
    private readonly InferenceSession _session;

    private OnnxBundleScorer(InferenceSession session, string path)
    {
        _session = session;
        Inputs = session.InputMetadata.Select(i => new ModelColumn(i.Key, InputTypeOf(i.Key, i.Value, path))).ToList();
        Outputs = session.OutputMetadata
            .Where(o => o.Value.IsTensor && o.Value.Dimensions is [_] or [_, 1] && OutputTypeOf(o.Value.ElementDataType) is not null)
            .Select(o => new ModelColumn(o.Key, OutputTypeOf(o.Value.ElementDataType)!))
            .ToList();
        if (Outputs.Count == 0)
        {
            throw new InvalidDataException($"{path}: no output of shape [N] or [N, 1] holds one value per row");
        }
    }

    /// <inheritdoc/>
    public override string Format => "onnx";

    /// <inheritdoc/>
    public override IReadOnlyList<ModelColumn> Inputs { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<ModelColumn> Outputs { get; }

    /// <summary>Whether a bundle's model is an ONNX file (<c>*.onnx</c>).</summary>
    /// <param name="bundle">The bundle.</param>
    /// <returns><see langword="true"/> when ONNX Runtime should score it.</returns>
    public static bool Holds(BundleFiles bundle) =>
        bundle.Directories.ContainsKey("model") && bundle.File("model").EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads the bundle's ONNX model.</summary>
    /// <param name="bundle">The verified bundle files.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidDataException">The file is not a model ONNX Runtime can run, or its inputs or outputs are not per-row columns.</exception>
    public static new OnnxBundleScorer Load(BundleFiles bundle)
    {
        var path = bundle.File("model");
        // Batch scoring runs chunks on all cores itself: one thread per run keeps them from fighting.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{bundle.Version.Reference}: {Path.GetFileName(path)} is not a model ONNX Runtime can load: {e.Message}", e);
        }

        try
        {
            return new OnnxBundleScorer(session, $"{bundle.Version.Reference}: {Path.GetFileName(path)}");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    internal override IChunkScorer CreateChunkScorer(IReadOnlyList<ModelColumn> columns)
    {
        var absent = Absent(columns);
        return absent.Length == 0
            ? new OnnxChunkScorer(_session, columns, Inputs, Outputs)
            : throw new SchemaViolationException($"a column the model needs is missing: {absent}");
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _session.Dispose();
        }
    }

    private static Type InputTypeOf(string name, NodeMetadata input, string path)
    {
        if (!input.IsTensor || input.Dimensions is not ([_, 1] or [_]))
        {
            throw new InvalidDataException($"{path}: input '{name}' has shape [{string.Join(", ", input.Dimensions)}]; mlmax feeds one column per input, shape [N, 1]");
        }

        return input.ElementDataType switch
        {
            Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float => typeof(float),
            Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double => typeof(double),
            Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64 => typeof(long),
            Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String => typeof(string),
            var other => throw new InvalidDataException($"{path}: input '{name}' holds {other}; mlmax feeds float, double, int64 or string"),
        };
    }

    private static Type? OutputTypeOf(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType type) => type switch
    {
        Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float => typeof(float),
        Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double => typeof(double),
        Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64 => typeof(long),
        Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Bool => typeof(bool),
        Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String => typeof(string),
        _ => null,
    };
}

using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Mlmax.Scoring;

/// <summary>
/// Runs an ONNX session on runs of rows: one tensor per input column, built from the rows' text values. The
/// session is shared (ONNX Runtime sessions are thread-safe); this scorer only holds the column layout.
/// </summary>
internal sealed class OnnxChunkScorer : IChunkScorer
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly Type[] _inputTypes;
    private readonly int[] _positions;
    private readonly string[] _outputNames;
    private readonly RunOptions _run = new();

    public OnnxChunkScorer(InferenceSession session, IReadOnlyList<ModelColumn> columns, IReadOnlyList<ModelColumn> inputs, IReadOnlyList<ModelColumn> outputs)
    {
        _session = session;
        _inputNames = inputs.Select(i => i.Name).ToArray();
        _inputTypes = inputs.Select(i => i.Type).ToArray();
        _positions = inputs.Select(i => columns.ToList().FindIndex(c => c.Name == i.Name)).ToArray();
        _outputNames = outputs.Select(o => o.Name).ToArray();
    }

    public void Score(IReadOnlyList<string?[]> rows, ScoredColumns into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = rows.Count;
        if (count == 0)
        {
            into.Count = 0;
            return;
        }

        var shape = new long[] { count, 1 };
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = Tensor(rows, _positions[i], _inputTypes[i], shape);
            }

            using var outputs = _session.Run(_run, _inputNames, inputs, _outputNames);
            for (var o = 0; o < _outputNames.Length; o++)
            {
                Copy(outputs[o], into.Columns[o], count);
            }
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }

        into.Count = count;
    }

    public void Dispose() => _run.Dispose();

    private static OrtValue Tensor(IReadOnlyList<string?[]> rows, int position, Type type, long[] shape)
    {
        var count = rows.Count;
        if (type == typeof(string))
        {
            // String tensors live in native memory; ONNX Runtime copies each element in as UTF-8.
            var tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            for (var r = 0; r < count; r++)
            {
                var text = TextValues.CleanSpan(rows[r][position]);
                if (!text.IsEmpty)
                {
                    tensor.StringTensorSetElementAt(text, r);
                }
            }

            return tensor;
        }

        if (type == typeof(double))
        {
            var values = new double[count];
            for (var r = 0; r < count; r++)
            {
                values[r] = TextValues.ParseDouble(rows[r][position]);
            }

            return OrtValue.CreateTensorValueFromMemory(values, shape);
        }

        if (type == typeof(long))
        {
            var values = new long[count];
            for (var r = 0; r < count; r++)
            {
                values[r] = long.TryParse(rows[r][position], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
            }

            return OrtValue.CreateTensorValueFromMemory(values, shape);
        }

        var floats = new float[count];
        for (var r = 0; r < count; r++)
        {
            floats[r] = TextValues.ParseSingle(rows[r][position]);
        }

        return OrtValue.CreateTensorValueFromMemory(floats, shape);
    }

    private static void Copy(OrtValue output, Array target, int count)
    {
        switch (target)
        {
            case float[] f:
                output.GetTensorDataAsSpan<float>()[..count].CopyTo(f);
                break;
            case double[] d:
                output.GetTensorDataAsSpan<double>()[..count].CopyTo(d);
                break;
            case long[] l:
                output.GetTensorDataAsSpan<long>()[..count].CopyTo(l);
                break;
            case bool[] b:
                output.GetTensorDataAsSpan<bool>()[..count].CopyTo(b);
                break;
            case string[] s:
                for (var r = 0; r < count; r++)
                {
                    s[r] = output.GetStringElement(r);
                }

                break;
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// An ML.NET pipeline's row-to-row mapper bound to one <see cref="MutableTextRow"/>: each row costs only the
/// transform's and model's arithmetic, as with a prediction engine, and no data view or cursor is built per chunk.
/// </summary>
internal sealed class MlNetChunkScorer : IChunkScorer
{
    private readonly MutableTextRow _input;
    private readonly DataViewRow _output;
    private readonly Action<Array, int>[] _writers;

    public MlNetChunkScorer(ITransformer pipeline, IReadOnlyList<ModelColumn> columns, IReadOnlyList<string> outputNames)
    {
        _input = new MutableTextRow(columns.Select(c => (c.Name, c.Kind)).ToList());
        var mapper = pipeline.GetRowToRowMapper(_input.Schema);
        var outputs = outputNames.Select(n => mapper.OutputSchema[n]).ToList();
        _output = mapper.GetRow(_input, outputs);
        _writers = outputs.Select(c => Writer(_output, c)).ToArray();
    }

    public void Score(IReadOnlyList<string?[]> rows, ScoredColumns into, CancellationToken cancellationToken)
    {
        var columns = into.Columns;
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 1023)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            _input.Set(rows[r]);
            for (var c = 0; c < _writers.Length; c++)
            {
                _writers[c](columns[c], r);
            }
        }

        into.Count = rows.Count;
    }

    public void Dispose() => _output.Dispose();

    /// <summary>Copies a column's value for the current row into a typed array.</summary>
    private static Action<Array, int> Writer(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case BooleanDataViewType:
            {
                var get = row.GetGetter<bool>(column);
                var v = false;
                return (a, i) => { get(ref v); ((bool[])a)[i] = v; };
            }

            case NumberDataViewType n when n.RawType == typeof(float):
            {
                var get = row.GetGetter<float>(column);
                var v = 0f;
                return (a, i) => { get(ref v); ((float[])a)[i] = v; };
            }

            case NumberDataViewType n when n.RawType == typeof(double):
            {
                var get = row.GetGetter<double>(column);
                var v = 0d;
                return (a, i) => { get(ref v); ((double[])a)[i] = v; };
            }

            default:
            {
                var get = row.GetGetter<ReadOnlyMemory<char>>(column);
                var v = default(ReadOnlyMemory<char>);
                return (a, i) => { get(ref v); ((string[])a)[i] = v.ToString(); };
            }
        }
    }
}

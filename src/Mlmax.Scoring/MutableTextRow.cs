using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// One input row whose values are replaced for each prediction, for online scoring: the fitted pipeline's
/// row-to-row mapper is bound to it once, so a prediction costs only the transform's arithmetic (as a
/// PredictionEngine would), not building a data view and cursor per request.
/// </summary>
internal sealed class MutableTextRow : DataViewRow
{
    private readonly DataKind[] _kinds;
    private string?[] _values = [];
    private long _position = -1;

    public MutableTextRow(IReadOnlyList<(string Name, DataKind Kind)> columns)
    {
        _kinds = columns.Select(c => c.Kind).ToArray();
        Schema = TextValues.BuildSchema(columns);
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Makes <paramref name="values"/> (one per column) the row's current values.</summary>
    public void Set(string?[] values)
    {
        _values = values;
        _position++;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        return (ValueGetter<TValue>)TextValues.Getter(_kinds[index], () => index < _values.Length ? _values[index] : null);
    }
}

using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>A nullable value-typed column.</summary>
internal sealed class ValueColumn<T>(string name, int rowGroupSize, Func<object, T?> convert)
    : PredictionColumn(new DataField<T?>(name), rowGroupSize)
    where T : struct
{
    private T?[] _values = [];

    public override void Set(int row, object? value)
    {
        Reserve(ref _values, row);
        _values[row] = value is null ? null : convert(value) ?? throw Mismatch(value, typeof(T).Name);
    }

    public override Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken) =>
        group.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(_values, 0, rows), cancellationToken: cancellationToken);
}

using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>A nullable UTF-8 string column.</summary>
internal sealed class StringColumn(string name, int rowGroupSize)
    : PredictionColumn(new DataField<string>(name, nullable: true), rowGroupSize)
{
    private string?[] _values = [];

    public override void Set(int row, object? value)
    {
        Reserve(ref _values, row);
        _values[row] = value is null ? null : value as string ?? throw Mismatch(value, "String");
    }

    public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken)
    {
        await group.WriteAsync(Field, new ArraySegment<string?>(_values, 0, rows));
        Array.Clear(_values, 0, rows);
    }
}

using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>One output column of <see cref="ParquetPredictionWriter"/>: its Parquet field and its buffered values.</summary>
internal abstract class PredictionColumn(DataField field, int rowGroupSize)
{
    /// <summary>The column's field, as attached to the writer's schema.</summary>
    public DataField Field { get; } = field;

    /// <summary>The CLR types the writer takes: one of these per column.</summary>
    public static readonly Type[] Types = [typeof(string), typeof(bool), typeof(float), typeof(double), typeof(long)];

    public static PredictionColumn Create(string name, Type type, int rowGroupSize) => type switch
    {
        _ when type == typeof(string) => new StringColumn(name, rowGroupSize),
        _ when type == typeof(bool) => new ValueColumn<bool>(name, rowGroupSize, v => v as bool?),
        _ when type == typeof(float) => new ValueColumn<float>(name, rowGroupSize, v => v as float?),
        _ when type == typeof(double) => new ValueColumn<double>(name, rowGroupSize, v => v switch
        {
            double d => d,
            float f => f,
            _ => null,
        }),
        _ when type == typeof(long) => new ValueColumn<long>(name, rowGroupSize, v => v switch
        {
            long l => l,
            int i => i,
            uint u => u,
            short s => s,
            ushort u => u,
            sbyte s => s,
            byte b => b,
            _ => null,
        }),
        _ => throw new ArgumentException(
            $"column '{name}' has type {type.Name}; a Parquet prediction column is one of {string.Join(", ", Types.Select(t => t.Name))}",
            nameof(type)),
    };

    /// <summary>Stores <paramref name="value"/> (null for a missing value) at <paramref name="row"/> of the buffer.</summary>
    /// <exception cref="ArgumentException">The value is not of the column's type.</exception>
    public abstract void Set(int row, object? value);

    /// <summary>Writes the first <paramref name="rows"/> buffered values as this column's chunk of a row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="buffer"/> hold index <paramref name="row"/>: doubling from 1,024 up to the row group size.</summary>
    protected void Reserve<TValue>(ref TValue[] buffer, int row)
    {
        if (row >= buffer.Length)
        {
            Array.Resize(ref buffer, Math.Min(Math.Max(1024, buffer.Length * 2), rowGroupSize));
        }
    }

    protected ArgumentException Mismatch(object value, string expected) =>
        new($"column '{Field.Name}' takes {expected} values, not {value.GetType().Name} ({value})");
}

using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Formats;

/// <summary>Reads one column of one row group as invariant-culture text, the contract of the text-based scorers.</summary>
/// <param name="group">The row group.</param>
/// <param name="rows">The row group's row count.</param>
/// <param name="cancellationToken">Cancels the read.</param>
internal delegate Task<string?[]> ColumnTextReader(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken);

/// <summary>Picks, for a flat Parquet column, the reader that turns its values into text.</summary>
internal static class ParquetColumnText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The reader for <paramref name="field"/>, or <see langword="null"/> when its type is not supported.</summary>
    public static ColumnTextReader? For(DataField field)
    {
        if (field is TimeDataField time)
        {
            return time.ClrType == typeof(int)
                ? Values<int>(field, v => TimeText(v, time.Precision))
                : Values<long>(field, v => TimeText(v, time.Precision));
        }

        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(bool) => Values<bool>(field, v => v ? "true" : "false"),
            _ when type == typeof(sbyte) => Values<sbyte>(field, v => v.ToString(Invariant)),
            _ when type == typeof(byte) => Values<byte>(field, v => v.ToString(Invariant)),
            _ when type == typeof(short) => Values<short>(field, v => v.ToString(Invariant)),
            _ when type == typeof(ushort) => Values<ushort>(field, v => v.ToString(Invariant)),
            _ when type == typeof(int) => Values<int>(field, v => v.ToString(Invariant)),
            _ when type == typeof(uint) => Values<uint>(field, v => v.ToString(Invariant)),
            _ when type == typeof(long) => Values<long>(field, v => v.ToString(Invariant)),
            _ when type == typeof(ulong) => Values<ulong>(field, v => v.ToString(Invariant)),
            _ when type == typeof(Half) => Values<Half>(field, v => v.ToString("R", Invariant)),
            _ when type == typeof(float) => Values<float>(field, v => v.ToString("R", Invariant)),
            _ when type == typeof(double) => Values<double>(field, v => v.ToString("R", Invariant)),
            _ when type == typeof(decimal) => Values<decimal>(field, v => v.ToString(Invariant)),
            _ when type == typeof(DateTime) => Values<DateTime>(field, v => v.ToString("O", Invariant)),
            _ when type == typeof(DateOnly) => Values<DateOnly>(field, v => v.ToString("yyyy-MM-dd", Invariant)),
            _ when type == typeof(Guid) => Values<Guid>(field, v => v.ToString("D", Invariant)),
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => Strings(field),
            _ when type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) => Bytes(field),
            _ => null,
        };
    }

    private static ColumnTextReader Values<T>(DataField field, Func<T, string> format)
        where T : struct => async (group, rows, cancellationToken) =>
    {
        var text = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
            for (var i = 0; i < rows; i++)
            {
                text[i] = values[i] is { } value ? format(value) : null;
            }
        }
        else
        {
            // Not the nullable overload: in Parquet.Net 6.1.0 it reads a required column's definition levels from an
            // uncleared pooled buffer, so leftovers from an earlier column can turn values into nulls.
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
            for (var i = 0; i < rows; i++)
            {
                text[i] = format(values[i]);
            }
        }

        return text;
    };

    private static ColumnTextReader Strings(DataField field) => async (group, rows, cancellationToken) =>
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    };

    private static ColumnTextReader Bytes(DataField field) => async (group, rows, cancellationToken) =>
    {
        var values = new byte[]?[rows];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        return Array.ConvertAll(values, v => v is null ? null : Convert.ToBase64String(v));
    };

    /// <summary>A Parquet TIME (time of day since midnight in <paramref name="unit"/>) as ISO-8601 <c>HH:mm:ss.fffffff</c>.</summary>
    private static string TimeText(long value, TimeUnitPrecision unit) => new TimeOnly(unit switch
    {
        TimeUnitPrecision.Millis => value * TimeSpan.TicksPerMillisecond,
        TimeUnitPrecision.Micros => value * TimeSpan.TicksPerMicrosecond,
        _ => value / TimeSpan.NanosecondsPerTick,
    }).ToString("O", Invariant);
}

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// Text values (from CSV, Parquet or JSON) typed by a model's input schema: numbers parse in invariant culture, text
/// is trimmed, and missing tokens (empty, <c>?</c>) become NaN or empty text.
/// </summary>
internal static class TextValues
{
    /// <summary>The schema of rows with these columns.</summary>
    public static DataViewSchema BuildSchema(IReadOnlyList<(string Name, DataKind Kind)> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var (name, kind) in columns)
        {
            builder.AddColumn(name, kind switch
            {
                DataKind.Single => NumberDataViewType.Single,
                DataKind.Double => NumberDataViewType.Double,
                DataKind.Int32 => NumberDataViewType.Int32,
                DataKind.Int64 => NumberDataViewType.Int64,
                DataKind.Boolean => BooleanDataViewType.Instance,
                _ => TextDataViewType.Instance,
            });
        }

        return builder.ToSchema();
    }

    /// <summary>A getter that parses the current text value of a column as its kind.</summary>
    /// <param name="kind">The column's kind.</param>
    /// <param name="current">Returns the current row's text value.</param>
    /// <returns>A <c>ValueGetter</c> of the kind's type.</returns>
    public static Delegate Getter(DataKind kind, Func<string?> current) => kind switch
    {
        DataKind.Single => (ValueGetter<float>)((ref float v) => v = ParseSingle(current())),
        DataKind.Double => (ValueGetter<double>)((ref double v) => v = ParseDouble(current())),
        DataKind.Int32 => (ValueGetter<int>)((ref int v) => v = int.TryParse(current()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0),
        DataKind.Int64 => (ValueGetter<long>)((ref long v) => v = long.TryParse(current()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0),
        DataKind.Boolean => (ValueGetter<bool>)((ref bool v) => v = bool.TryParse(current()?.Trim(), out var b) && b),
        _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = CleanText(current()).AsMemory()),
    };

    /// <summary>Parses a number; missing tokens and unparsable text are NaN (the transform imputes them as in training).</summary>
    public static float ParseSingle(string? text) =>
        text is not null && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : float.NaN;

    /// <summary>Parses a number at double precision; missing tokens and unparsable text are NaN.</summary>
    public static double ParseDouble(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>Trims text; missing tokens become empty text.</summary>
    public static string CleanText(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var trimmed = text.Trim();
        return trimmed is "?" ? "" : trimmed;
    }

    /// <summary><see cref="CleanText"/> without allocating: the trimmed span, empty when blank or <c>?</c>.</summary>
    public static ReadOnlySpan<char> CleanSpan(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed is "?" ? [] : trimmed;
    }

    /// <summary>Whether text is a missing token: blank or <c>?</c>.</summary>
    public static bool IsMissing(string text)
    {
        var t = text.AsSpan().Trim();
        return t.IsEmpty || t is "?";
    }
}

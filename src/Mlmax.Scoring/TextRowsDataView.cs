using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>
/// A streaming <see cref="IDataView"/> over rows of text values (from CSV or JSON), typed by the model's input
/// schema: numbers parse in invariant culture, text is trimmed, and missing tokens (empty, <c>?</c>) become NaN or
/// empty text. One pass, one cursor: memory stays bounded whatever the number of rows.
/// </summary>
internal sealed class TextRowsDataView : IDataView
{
    private static readonly string[] MissingTokens = ["", "?"];
    private readonly IEnumerable<string?[]> _rows;
    private readonly DataKind[] _kinds;

    /// <summary>Creates the view.</summary>
    /// <param name="columns">Column names and kinds, in the order of each row's values.</param>
    /// <param name="rows">The rows; each array holds one value per column.</param>
    public TextRowsDataView(IReadOnlyList<(string Name, DataKind Kind)> columns, IEnumerable<string?[]> rows)
    {
        _rows = rows;
        _kinds = columns.Select(c => c.Kind).ToArray();
        Schema = BuildSchema(columns);
    }

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

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    /// <summary>Parses a number; missing tokens and unparsable text are NaN (the transform imputes them as in training).</summary>
    public static float ParseSingle(string? text) =>
        text is null || IsMissing(text) || !float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? float.NaN : v;

    /// <summary>Parses a number at double precision; missing tokens and unparsable text are NaN.</summary>
    public static double ParseDouble(string? text) =>
        text is null || IsMissing(text) || !double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? double.NaN : v;

    /// <summary>Trims text; missing tokens become empty text.</summary>
    public static string CleanText(string? text) => text is null || IsMissing(text) ? "" : text.Trim();

    public static bool IsMissing(string text) => Array.IndexOf(MissingTokens, text.Trim()) >= 0;

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TextRowsDataView _view;
        private readonly IEnumerator<string?[]> _rows;
        private string?[] _current = [];
        private long _position = -1;

        public Cursor(TextRowsDataView view)
        {
            _view = view;
            _rows = view._rows.GetEnumerator();
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                return false;
            }

            _current = _rows.Current;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            var getter = Getter(_view._kinds[index], () => _current[index]);
            return (ValueGetter<TValue>)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

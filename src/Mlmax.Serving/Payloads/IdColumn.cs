using Mlmax.Scoring.Schema;
using Mlmax.Serving.Models;

namespace Mlmax.Serving.Payloads;

/// <summary>Reads each row's id from a request's id column, and takes the column out of the batch unless the model takes it as an input.</summary>
internal static class IdColumn
{
    /// <summary>Splits the id column off a batch.</summary>
    /// <param name="batch">The parsed request.</param>
    /// <param name="name">The id column's name, or <see langword="null"/> for none.</param>
    /// <param name="model">The served model.</param>
    /// <returns>The batch without the id column, and each row's id (<see langword="null"/> when the request has no id column).</returns>
    public static (InputBatch Batch, string?[]? Ids) Extract(InputBatch batch, string? name, ServedModel model)
    {
        if (name is null)
        {
            return (batch, null);
        }

        var key = ColumnNames.Normalize(name);
        var position = -1;
        for (var i = 0; i < batch.Columns.Count; i++)
        {
            if (ColumnNames.Normalize(batch.Columns[i]) == key)
            {
                position = i;
                break;
            }
        }

        if (position < 0)
        {
            return (batch, null);
        }

        var ids = new string?[batch.Rows.Count];
        if (model.Inputs.Any(c => ColumnNames.Normalize(c.Name) == key))
        {
            // The model takes the id as an input too: it stays in the batch.
            for (var r = 0; r < ids.Length; r++)
            {
                ids[r] = position < batch.Rows[r].Length ? batch.Rows[r][position].Text : null;
            }

            return (batch, ids);
        }

        var rows = new Cell[batch.Rows.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            var cells = batch.Rows[r];
            ids[r] = position < cells.Length ? cells[position].Text : null;
            rows[r] = position < cells.Length ? [.. cells.AsSpan(0, position), .. cells.AsSpan(position + 1)] : cells;
        }

        var columns = batch.Columns.Where((_, i) => i != position).ToList();
        return (new InputBatch(columns, rows), ids);
    }
}

using System.Globalization;
using System.Text;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>The work of <see cref="BatchPartitions.MergeAsync"/>.</summary>
internal static class PredictionsMerger
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IReadOnlyDictionary<string, double> Merge(
        IReadOnlyList<PredictedPart> parts, string outputDirectory, string metricsFile, string? idColumn, CancellationToken cancellationToken)
    {
        var metrics = parts.Select(p => (IReadOnlyDictionary<string, double>)PredictMetrics.Read(p.MetricsFile)).ToList();
        var combined = PredictMetrics.Combine(metrics, i => parts[i].MetricsFile);
        var rows = metrics.Select(m => (long)m.GetValueOrDefault(PredictMetrics.RowsScored)).ToList();
        CheckOrder(parts, rows);

        var parquet = Format(parts);
        var violations = Violations(parts);
        Directory.CreateDirectory(outputDirectory);
        var expectedId = idColumn ?? "row_id";
        if (parquet)
        {
            ParquetPredictionsMerger.Merge(
                [.. parts.Select((p, i) => (Path.Combine(p.PredictionsDirectory, PredictStep.ParquetFile), p.FirstRow, rows[i]))],
                Path.Combine(outputDirectory, PredictStep.ParquetFile),
                expectedId,
                numbered: idColumn is null,
                cancellationToken);
        }
        else
        {
            MergeCsv(
                [.. parts.Select((p, i) => (Path.Combine(p.PredictionsDirectory, PredictStep.CsvFile), p.FirstRow, (long?)rows[i]))],
                Path.Combine(outputDirectory, PredictStep.CsvFile),
                expectedId,
                shift: idColumn is null,
                cancellationToken);
        }

        if (violations)
        {
            MergeCsv(
                [.. parts.Select((p, i) => (Path.Combine(p.PredictionsDirectory, PredictStep.ViolationsFile), p.FirstRow, metrics[i].TryGetValue(PredictMetrics.SchemaViolations, out var n) ? (long?)n : null))],
                Path.Combine(outputDirectory, PredictStep.ViolationsFile),
                "row",
                shift: true,
                cancellationToken);
        }

        PredictMetrics.Write(metricsFile, combined);
        return combined;
    }

    /// <summary>Each part must start where the rows before it end: a missing, repeated or misplaced part would renumber rows.</summary>
    private static void CheckOrder(IReadOnlyList<PredictedPart> parts, IReadOnlyList<long> rows)
    {
        long next = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].FirstRow != next)
            {
                throw new InvalidDataException(
                    $"part {i + 1} ({parts[i].PredictionsDirectory}) starts at row {parts[i].FirstRow}, but the parts before it scored {next} rows; " +
                    "merge every part of the split, in order");
            }

            next += rows[i];
        }
    }

    /// <summary>Whether the parts wrote Parquet; they must all have written the same format.</summary>
    private static bool Format(IReadOnlyList<PredictedPart> parts)
    {
        bool? parquet = null;
        foreach (var part in parts)
        {
            var csv = File.Exists(Path.Combine(part.PredictionsDirectory, PredictStep.CsvFile));
            var pq = File.Exists(Path.Combine(part.PredictionsDirectory, PredictStep.ParquetFile));
            if (csv == pq)
            {
                throw new InvalidDataException(
                    $"{part.PredictionsDirectory}: expected one of {PredictStep.CsvFile} and {PredictStep.ParquetFile}, found {(csv ? "both" : "neither")}");
            }

            if (parquet is { } first && first != pq)
            {
                throw new InvalidDataException(
                    $"{part.PredictionsDirectory} holds {(pq ? PredictStep.ParquetFile : PredictStep.CsvFile)}, {parts[0].PredictionsDirectory} {(first ? PredictStep.ParquetFile : PredictStep.CsvFile)}; the parts of one predict step write one format");
            }

            parquet = pq;
        }

        return parquet!.Value;
    }

    /// <summary>Whether the parts wrote <c>violations.csv</c>; all or none must have.</summary>
    private static bool Violations(IReadOnlyList<PredictedPart> parts)
    {
        var with = parts.Where(p => File.Exists(Path.Combine(p.PredictionsDirectory, PredictStep.ViolationsFile))).ToList();
        if (with.Count > 0 && with.Count < parts.Count)
        {
            var without = parts.First(p => !with.Contains(p));
            throw new InvalidDataException(
                $"{without.PredictionsDirectory} has no {PredictStep.ViolationsFile}, {with[0].PredictionsDirectory} has one; the parts of one predict step share its on_violation");
        }

        return with.Count > 0;
    }

    /// <summary>
    /// Concatenates CSV files under the first one's header, which every file must repeat; with <paramref name="shift"/>
    /// the first field of each row, a row number, gains the file's first row.
    /// </summary>
    private static void MergeCsv(
        IReadOnlyList<(string Path, long FirstRow, long? Rows)> files, string target, string firstColumn, bool shift, CancellationToken cancellationToken)
    {
        using var output = new StreamWriter(target, false, Utf8, 1 << 20);
        string? header = null;
        foreach (var (path, firstRow, expected) in files)
        {
            using var input = new StreamReader(path, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 20);
            var records = new ExactCsvReader(input);
            var own = records.Read() ?? throw new InvalidDataException($"{path} is empty: expected its header line");
            if (header is null)
            {
                header = own;
                var first = CsvLine.Split(header)[0];
                if (first != firstColumn)
                {
                    throw new InvalidDataException(
                        $"{path}: the first column is '{first}', expected '{firstColumn}'{(firstColumn == "row_id" ? " (rows are numbered: the step has no id_column)" : " (the step's id_column)")}");
                }

                output.Write(header);
                output.Write('\n');
            }
            else if (own != header)
            {
                throw new InvalidDataException($"{path}: its header '{own}' differs from '{header}' of {files[0].Path}; the parts of one predict step write the same columns");
            }

            while (records.Read() is { } record)
            {
                if (shift)
                {
                    WriteShifted(output, record, firstRow, path, records.Records);
                }
                else
                {
                    output.Write(record);
                }

                output.Write('\n');
                if (records.Records % BatchScoring.ChunkRows == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (expected is { } rows && records.Records - 1 != rows)
            {
                throw new InvalidDataException($"{path} holds {records.Records - 1} rows, but its metrics count {rows}; was it cut short?");
            }
        }
    }

    /// <summary>Writes a record whose first field is a row number (or empty) with that number shifted.</summary>
    private static void WriteShifted(StreamWriter output, string record, long offset, string path, long line)
    {
        var comma = record.IndexOf(',', StringComparison.Ordinal);
        var field = comma < 0 ? record.AsSpan() : record.AsSpan(0, comma);
        if (field.Length == 0)
        {
            output.Write(record);
            return;
        }

        if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
        {
            throw new InvalidDataException($"{path}:{line}: '{field}' is not a row number");
        }

        Span<char> number = stackalloc char[20];
        (row + offset).TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
        output.Write(number[..written]);
        output.Write(record.AsSpan(field.Length));
    }
}

using System.Text;
using Mlmax.Scoring.Formats;

namespace Mlmax.Scoring.Batch.Internal;

/// <summary>The work of <see cref="BatchPartitions.SplitAsync"/>: count the rows, then stream them into parts.</summary>
internal static class TableSplitter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IReadOnlyList<BatchPart> Split(string dataPath, int parts, string outputDirectory, CancellationToken cancellationToken)
    {
        var files = TableFiles.Files(dataPath);
        var csv = !files.Any(TableFiles.ReadsAsParquet);
        var sizes = Sizes(csv ? CountCsv(files, cancellationToken) : files.Sum(f => CountRows(f, cancellationToken)), parts);
        Directory.CreateDirectory(outputDirectory);
        var split = new PartSequence(sizes, outputDirectory, csv ? ".csv" : ".parquet", dataPath);
        if (csv)
        {
            WriteCsv(files, split, cancellationToken);
        }
        else
        {
            WriteParquet(dataPath, split, cancellationToken);
        }

        return split.Parts;
    }

    /// <summary>Row counts as equal as can be: the first <c>rows % parts</c> parts get one more; one part for no rows.</summary>
    private static long[] Sizes(long rows, int parts)
    {
        var count = (int)Math.Max(1, Math.Min(parts, rows));
        var sizes = new long[count];
        for (var i = 0; i < count; i++)
        {
            sizes[i] = (rows / count) + (i < rows % count ? 1 : 0);
        }

        return sizes;
    }

    /// <summary>Counts the data rows of CSV files, checking each file's header against the first's as scoring does.</summary>
    private static long CountCsv(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? first = null;
        long rows = 0;
        foreach (var file in files)
        {
            using var reader = OpenText(file);
            var records = new CsvRecordReader(reader, file);
            var header = CsvLine.Split(ReadHeader(records, file));
            first ??= header;
            if (!header.SequenceEqual(first))
            {
                throw HeaderDiffers(file, files[0]);
            }

            while (records.Read(skipBlank: true) is not null)
            {
                if (++rows % BatchScoring.ChunkRows == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        return rows;
    }

    /// <summary>A file's data rows: a Parquet file's from its footer, a CSV file's by reading it.</summary>
    private static long CountRows(string file, CancellationToken cancellationToken)
    {
        if (TableFiles.ReadsAsParquet(file))
        {
            using var parquet = ParquetRowReader.Open(file);
            return parquet.RowCount;
        }

        return CountCsv([file], cancellationToken);
    }

    /// <summary>Copies the CSV rows' text, as read, under the first file's header line.</summary>
    private static void WriteCsv(IReadOnlyList<string> files, PartSequence split, CancellationToken cancellationToken)
    {
        StreamWriter? writer = null;
        string? header = null;
        try
        {
            foreach (var file in files)
            {
                using var reader = OpenText(file);
                var records = new CsvRecordReader(reader, file);
                var fileHeader = ReadHeader(records, file); // the same columns as the first's: checked while counting
                header ??= fileHeader;
                while (records.Read(skipBlank: true) is { } record)
                {
                    writer ??= StartCsv(split.Next(), header);
                    writer.Write(record);
                    writer.Write('\n');
                    if (split.Row())
                    {
                        writer.Dispose();
                        writer = null;
                    }

                    if (split.Rows % BatchScoring.ChunkRows == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }

            split.Rest(path => StartCsv(path, header!).Dispose());
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static StreamWriter StartCsv(string path, string header)
    {
        var writer = new StreamWriter(path, false, Utf8, 1 << 20);
        writer.Write(header);
        writer.Write('\n');
        return writer;
    }

    /// <summary>Writes the rows as read for scoring into Parquet files of nullable text columns.</summary>
    private static void WriteParquet(string dataPath, PartSequence split, CancellationToken cancellationToken)
    {
        using var table = TableFiles.OpenRead(dataPath);
        var columns = table.Header.Select(h => (h, typeof(string))).ToList();
        var width = columns.Count;
        FileStream? file = null;
        ParquetRowWriter? writer = null;
        try
        {
            while (table.Read() is { } row)
            {
                if (writer is null)
                {
                    file = new FileStream(split.Next(), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                    writer = new ParquetRowWriter(file, columns);
                }

                writer.Write(row.Length == width ? row : row[..width]);
                if (split.Row())
                {
                    writer.Dispose();
                    file!.Dispose();
                    (writer, file) = (null, null);
                }

                if (split.Rows % BatchScoring.ChunkRows == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            split.Rest(path =>
            {
                using var empty = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                new ParquetRowWriter(empty, columns).Dispose();
            });
        }
        finally
        {
            writer?.Dispose();
            file?.Dispose();
        }
    }

    private static StreamReader OpenText(string file) =>
        new(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);

    private static string ReadHeader(CsvRecordReader records, string file) =>
        records.Read(skipBlank: false) ?? throw new SchemaViolationException($"{file} is empty: expected a CSV header row");

    private static SchemaViolationException HeaderDiffers(string file, string first) =>
        new($"{file}: its columns differ from {Path.GetFileName(first)}'s; the files of a directory are read as one table and must have the same header");
}

namespace Mlmax.Scoring.Formats;

/// <summary>Opens tables to score and prediction files by their format: Parquet by the <c>.parquet</c> extension (or its magic bytes), CSV otherwise.</summary>
public static class TableFiles
{
    /// <summary>
    /// Opens a file, or every <c>.csv</c> and <c>.parquet</c> file of a directory in name order read as one table
    /// (they must have the same columns).
    /// </summary>
    /// <param name="path">A file or directory.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="SchemaViolationException">The file cannot be read, the directory holds no table, or its files' columns differ.</exception>
    public static ITableReader OpenRead(string path)
    {
        var files = Files(path);
        return files.Count == 1 ? OpenFile(files[0]) : new ConcatenatedTableReader(files, OpenFile);
    }

    /// <summary>Creates a prediction writer for a file.</summary>
    /// <param name="path">The file (created or truncated).</param>
    /// <param name="parquet">Write Parquet (see <see cref="IsParquet"/>) rather than CSV.</param>
    /// <returns>The writer; it owns the file.</returns>
    public static IPredictionWriter CreateWriter(string path, bool parquet)
    {
        if (parquet)
        {
            return new ParquetPredictionWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
        }

        return new CsvPredictionWriter(new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20));
    }

    /// <summary>Whether a path names a Parquet file (by extension).</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> for <c>*.parquet</c>.</returns>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The files <see cref="OpenRead"/> reads, in order: the file itself, or a directory's tables in name order.</summary>
    /// <exception cref="SchemaViolationException">The directory holds no table.</exception>
    internal static IReadOnlyList<string> Files(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var files = Directory.EnumerateFiles(path)
            .Where(f => IsParquet(f) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new SchemaViolationException($"{path} holds no .csv or .parquet file to score");
    }

    /// <summary>Whether <see cref="OpenRead"/> reads a file as Parquet: by its extension, or else its magic bytes.</summary>
    internal static bool ReadsAsParquet(string path) => IsParquet(path) || HasParquetMagic(path);

    private static ITableReader OpenFile(string path) =>
        ReadsAsParquet(path) ? ParquetRowReader.Open(path) : CsvTableReader.Open(path);

    private static bool HasParquetMagic(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PAR1"u8);
    }
}

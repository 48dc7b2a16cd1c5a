using System.IO.Compression;
using Microsoft.ML;

namespace Census.Steps.Data;

/// <summary>
/// Saves and loads ML.NET models. A saved model is rewritten with fixed entry times, so the same model gives the
/// same bytes (mlmax caches by content hash).
/// </summary>
internal static class ModelFile
{
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Saves a transformer with the schema of its input.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="model">The transformer.</param>
    /// <param name="inputSchema">The schema of the data it is applied to.</param>
    /// <param name="path">The zip file to write.</param>
    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, inputSchema, saved);
        saved.Position = 0;

        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var file = File.Create(path);
        using var target = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = EntryTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    /// <summary>Loads a transformer saved by <see cref="Save"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="path">The zip file.</param>
    /// <returns>The transformer.</returns>
    public static ITransformer Load(MLContext ml, string path) => ml.Model.Load(path, out _);
}

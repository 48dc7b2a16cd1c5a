using Microsoft.ML;
using Microsoft.ML.Data;
using Mlmax.Registry;

namespace Mlmax.Scoring.Tests.Batch;

/// <summary>A small ML.NET bundle trained in the test: a number <c>x</c> and a category <c>c</c> predict a label.</summary>
public sealed class TinyBundle : IDisposable
{
    public TinyBundle()
    {
        Directory.CreateDirectory(Path.Combine(Root, "transform"));
        Directory.CreateDirectory(Path.Combine(Root, "model"));
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 400).Select(i => new Row { X = i % 40, C = (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" }, Label = i % 40 > 20 || i % 3 == 0 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var transform = ml.Transforms.Categorical.OneHotEncoding("CEncoded", "C")
            .Append(ml.Transforms.Concatenate("Features", "X", "CEncoded"))
            .Fit(data);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(transform.Transform(data));
        ml.Model.Save(transform, data.Schema, Path.Combine(Root, "transform", "transform.zip"));
        ml.Model.Save(model, transform.GetOutputSchema(data.Schema), Path.Combine(Root, "model", "model.zip"));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlmax-tiny-" + Guid.NewGuid().ToString("N")[..8]);

    public BundleFiles Files => new(
        new ModelVersionRecord { Name = "tiny", Version = 1, BundleArtifact = "sha256:0", Components = new Dictionary<string, string>(), RunId = "run", CreatedAt = DateTimeOffset.UnixEpoch },
        new Dictionary<string, string> { ["transform"] = Path.Combine(Root, "transform"), ["model"] = Path.Combine(Root, "model") });

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private sealed class Row
    {
        public float X { get; set; }

        public string C { get; set; } = "";

        public bool Label { get; set; }
    }
}

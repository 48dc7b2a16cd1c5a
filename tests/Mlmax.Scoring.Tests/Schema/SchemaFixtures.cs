using Mlmax.Registry;
using Mlmax.Scoring.Schema;

namespace Mlmax.Scoring.Tests.Schema;

/// <summary>A small training schema and baseline in the canonical form of docs/bundle-format.md.</summary>
internal static class SchemaFixtures
{
    public const string SchemaJson = """
        {
          "columns": [
            {
              "max": 90,
              "min": 0,
              "name": "age",
              "required": true,
              "type": "number"
            },
            {
              "name": "class of worker",
              "required": true,
              "type": "category",
              "values": [
                "Private",
                "State government"
              ]
            },
            {
              "name": "notes",
              "required": false,
              "type": "text"
            },
            {
              "max": 9872.11,
              "min": 37.87,
              "name": "instance weight",
              "required": false,
              "type": "number"
            }
          ],
          "format_version": 1,
          "label": "income",
          "missing_tokens": [
            "",
            "?"
          ]
        }

        """;

    public const string BaselineJson = """
        {
          "categorical": {
            "class of worker": {
              "count": 3,
              "distinct": 2,
              "frequencies": {
                "Private": 2,
                "State government": 1
              },
              "missing": 1,
              "other": 0
            }
          },
          "format_version": 1,
          "numeric": {
            "age": {
              "count": 4,
              "histogram": {
                "counts": [
                  2,
                  2
                ],
                "edges": [
                  10,
                  25.5,
                  41
                ]
              },
              "max": 41,
              "mean": 25.25,
              "min": 10,
              "missing": 0,
              "quantiles": {
                "levels": [
                  0,
                  0.5,
                  1
                ],
                "values": [
                  10,
                  25,
                  41
                ]
              },
              "std": 11.098986
            },
            "empty": {
              "count": 0,
              "histogram": {
                "counts": [],
                "edges": []
              },
              "max": null,
              "mean": null,
              "min": null,
              "missing": 4,
              "quantiles": {
                "levels": [
                  0,
                  0.5,
                  1
                ],
                "values": []
              },
              "std": null
            }
          },
          "rows": 4
        }

        """;

    public static InputSchema Schema => InputSchema.Parse(SchemaJson.ReplaceLineEndings("\n"), "schema.json");

    public static InputSchemaGuard Guard => new(Schema);

    /// <summary>A bundle on disk with the given roles, each holding one file.</summary>
    public static BundleFiles Bundle(string root, params (string Role, string File, string Content)[] roles)
    {
        var directories = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (role, file, content) in roles)
        {
            var dir = Path.Combine(root, role);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, file), content);
            directories[role] = dir;
        }

        var version = new ModelVersionRecord
        {
            Name = "census",
            Version = 1,
            BundleArtifact = "sha256:0",
            Components = directories.ToDictionary(d => d.Key, d => "sha256:" + d.Key),
            RunId = "run",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        return new BundleFiles(version, directories) { Root = root };
    }
}

using System.Text.Json;
using Mlmax.Aws.SecureEnvironment;

namespace Mlmax.Aws.Tests;

/// <summary>A project's environment template, serialized and parsed back, with lookups the tests share.</summary>
internal sealed class EnvironmentTemplate
{
    private EnvironmentTemplate(string text)
    {
        Text = text;
        Root = JsonDocument.Parse(text).RootElement;
    }

    public string Text { get; }

    public JsonElement Root { get; }

    public JsonElement Resources => Root.GetProperty(nameof(Resources));

    public static EnvironmentTemplate Of(string project) => new(AwsJson.Serialize(EnvironmentBuilder.Build(new EnvironmentNames(project)).Template));

    public JsonElement Resource(string logicalId) => Resources.GetProperty(logicalId);

    public JsonElement Properties(string logicalId) => Resource(logicalId).GetProperty("Properties");

    public IEnumerable<(string Id, JsonElement Resource)> OfType(string type) =>
        Resources.EnumerateObject().Where(r => r.Value.GetProperty("Type").GetString() == type).Select(r => (r.Name, r.Value));

    /// <summary>Every policy statement in the template: roles' inline policies, key, bucket and endpoint policies.</summary>
    public IEnumerable<JsonElement> Statements() => Descendants(Root)
        .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Statement", out var s) && s.ValueKind == JsonValueKind.Array)
        .SelectMany(e => e.GetProperty("Statement").EnumerateArray());

    public static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }

    /// <summary>A value that is <c>{ "Ref": name }</c>.</summary>
    public static bool IsRef(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Ref", out var r) && r.GetString() == name;

    /// <summary>A value that is <c>{ "Fn::GetAtt": [resource, attribute] }</c>.</summary>
    public static bool IsGetAtt(JsonElement e, string resource, string attribute) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Fn::GetAtt", out var g)
        && g[0].GetString() == resource && g[1].GetString() == attribute;

    public static IReadOnlyList<string> Strings(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? [.. e.EnumerateArray().Select(x => x.GetString()!)]
        : [e.GetString()!];
}

using Mlmax.Aws.CloudFormation;
using Mlmax.Specs;
using Mlmax.Stores.S3;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// The pipeline's watches of S3 prefixes as EventBridge rules: S3 sends each new object's <c>Object Created</c> event
/// to EventBridge (the bucket must have EventBridge notifications on, as the environment stack's bucket has), and the
/// rule starts the starter with the object bound to the watch's input.
/// </summary>
public sealed partial class PipelineCompiler
{
    /// <summary>The watched input's value in a rule's input template: EventBridge fills in the object's bucket and key.</summary>
    private const string WatchedObjectUrl = "s3://<bucket>/<key>";

    private const string EventsRole = "WatchEventsRole";

    /// <summary>The resource name of a declared watch: <c>Watch</c> and its name in Pascal case (<c>new_data</c>: <c>WatchNewData</c>).</summary>
    /// <param name="watch">The watch's name.</param>
    /// <returns>The logical id.</returns>
    public static string WatchResource(string watch) => "Watch" + Pascal(watch);

    /// <summary>The event pattern of a watch: S3's <c>Object Created</c> events of the bucket, the key under the prefix
    /// and matching the name pattern (EventBridge's <c>*</c> also matches <c>/</c>, so objects below sub-prefixes match too).</summary>
    /// <param name="watched">The watched prefix.</param>
    /// <param name="pattern">The file name glob.</param>
    /// <returns>The pattern.</returns>
    public static object WatchPattern(S3Root watched, string pattern)
    {
        var prefix = watched.Prefix.Length == 0 ? string.Empty : watched.Prefix + "/";
        object key = pattern == "*"
            ? new Dictionary<string, string> { ["prefix"] = prefix }
            : new Dictionary<string, string> { ["wildcard"] = prefix + pattern };
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["source"] = new[] { "aws.s3" },
            ["detail-type"] = new[] { "Object Created" },
            ["detail"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { watched.Bucket } },
                ["object"] = new Dictionary<string, object> { ["key"] = new[] { key } },
            },
        };
    }

    /// <summary>The S3 prefix a watch follows on AWS, or <see langword="null"/> when it is left to mlmax scheduler (noted); problems are added.</summary>
    private static S3Root? Watched(PipelineWatch watch, string key, List<string> problems, List<string> notes)
    {
        if (!watch.Path.StartsWith(S3Root.Scheme, StringComparison.Ordinal))
        {
            notes.Add($"{key}: '{watch.Path}' is a local directory, which AWS cannot watch: left to mlmax scheduler");
            return null;
        }

        if (watch.Batch)
        {
            notes.Add($"{key}: batch: true takes the new files of a poll together, but AWS starts one execution per object: left to mlmax scheduler");
            return null;
        }

        if (watch.Pattern.IndexOfAny(['?', '[', '\\']) >= 0)
        {
            problems.Add($"{key}.pattern: '{watch.Pattern}': an EventBridge pattern matches '*' only; write the pattern with '*' (e.g. *.csv)");
            return null;
        }

        try
        {
            return S3Root.Parse(watch.Path);
        }
        catch (FormatException e)
        {
            problems.Add($"{key}.path: {e.Message}");
            return null;
        }
    }

    private void AddWatches(PipelineSpec pipeline, TriggerSet set, OrderedDictionary<string, Resource> resources, OrderedDictionary<string, Output> outputs)
    {
        var watches = pipeline.Watches.Where(w => set.Watched.ContainsKey(w.Name)).ToList();
        if (watches.Count == 0)
        {
            return;
        }

        resources[EventsRole] = new("AWS::IAM::Role", StartsStarter(pipeline, "events.amazonaws.com", "watches"));
        var compiled = set.Triggers.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var watch in watches)
        {
            var watched = set.Watched[watch.Name];
            var name = ScheduleName(_settings.Name, pipeline.Name, watch.Name);
            var resource = WatchResource(watch.Name);
            var transformer = new EventsInputTransformer(
                new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["bucket"] = "$.detail.bucket.name",
                    ["etag"] = "$.detail.object.etag",
                    ["key"] = "$.detail.object.key",
                },
                StarterInput(pipeline, compiled[$"watches.{watch.Name}"], "<key> (ETag <etag>)"));
            resources[resource] = new("AWS::Events::Rule", new EventsRuleProperties(
                name,
                $"mlmax watch {pipeline.Name}.{watch.Name}: an execution per new object {watch.Pattern} under {watch.Path}",
                WatchPattern(watched, watch.Pattern),
                [new EventsRuleTarget(StarterResource, Fn.Ref(StarterResource), Fn.GetAtt(EventsRole, "Arn"), transformer)
                {
                    RetryPolicy = new EventsRetryPolicy(185, 86400),
                }]));
            outputs[$"{resource}Arn"] = new($"The EventBridge rule {name}, starting the pipeline for each new object under {watch.Path}.", Fn.GetAtt(resource, "Arn"));
        }
    }
}

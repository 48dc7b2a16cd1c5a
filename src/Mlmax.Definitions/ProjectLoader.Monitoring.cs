using Mlmax.Definitions.Internal;

namespace Mlmax.Definitions;

/// <summary>The <c>monitoring:</c> section of the project file.</summary>
public sealed partial class ProjectLoader
{
    private static readonly string[] MonitoringKeys = ["thresholds", "alerts"];
    private static readonly string[] AlertKeys = ["webhook", "headers", "log", "run", "params", "inputs"];

    private static MonitoringSettings? ReadMonitoring(MappingReader document)
    {
        var monitoring = document.Nested("monitoring", MonitoringKeys, "a mapping { thresholds, alerts }");
        if (monitoring is null)
        {
            return null;
        }

        var settings = new MonitoringSettings { Alerts = ReadAlerts(monitoring) };
        var thresholds = monitoring.Nested("thresholds", [.. MonitoringSettings.Measures, "minimum_count", "features"],
            $"a mapping of thresholds ({string.Join(", ", MonitoringSettings.Measures)}), minimum_count and features");
        if (thresholds is null)
        {
            return settings;
        }

        var features = new Dictionary<string, FeatureMonitoringSettings>(StringComparer.Ordinal);
        if (thresholds.Nested("features", null, "a mapping of feature name to its thresholds") is { } perFeature)
        {
            foreach (var entry in perFeature.Entries)
            {
                var name = entry.Key.Value;
                var feature = MappingReader.AsMapping(entry.Value, perFeature.PathOf(name), [.. MonitoringSettings.Measures, "ignore"],
                    $"a mapping of thresholds ({string.Join(", ", MonitoringSettings.Measures)}) or ignore: true", perFeature.Errors);
                if (feature is not null)
                {
                    features[name] = new FeatureMonitoringSettings(ReadThresholds(feature), feature.Bool("ignore") ?? false, entry.Key.Start.Line);
                }
            }
        }

        return settings with
        {
            Thresholds = ReadThresholds(thresholds),
            MinimumCount = thresholds.Integer("minimum_count", 0),
            Features = features,
        };
    }

    private static Dictionary<string, double> ReadThresholds(MappingReader mapping)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var measure in MonitoringSettings.Measures)
        {
            if (mapping.Number(measure) is not { } value)
            {
                continue;
            }

            var isP = measure.EndsWith("_p_value", StringComparison.Ordinal);
            if (isP ? !(value > 0 && value < 1) : !(value >= 0 && double.IsFinite(value)))
            {
                mapping.Errors.Add(mapping.PathOf(measure), mapping.Get(measure)!.Start,
                    $"{measure} {value} is out of range: {(isP ? "a p-value threshold is above 0 and below 1" : "a threshold is a number of at least 0")}");
                continue;
            }

            values[measure] = value;
        }

        return values;
    }

    private static List<AlertSettings> ReadAlerts(MappingReader monitoring)
    {
        var alerts = new List<AlertSettings>();
        switch (monitoring.Get("alerts"))
        {
            case null or YScalar { IsNull: true }:
                return alerts;
            case YSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var path = $"{monitoring.PathOf("alerts")}[{i}]";
                    var alert = MappingReader.AsMapping(sequence.Items[i], path, AlertKeys, "a mapping { webhook, headers }, { log: true } or { run: PIPELINE, params, inputs }", monitoring.Errors);
                    if (alert is not null && ReadAlert(alert, path, sequence.Items[i].Start) is { } read)
                    {
                        alerts.Add(read);
                    }
                }

                return alerts;
            case var other:
                monitoring.Errors.Add(monitoring.PathOf("alerts"), other.Start,
                    $"expected a list of alerts (- webhook: URL, - log: true), got {MappingReader.Describe(other)}");
                return alerts;
        }
    }

    private static AlertSettings? ReadAlert(MappingReader alert, string path, SourceMark start)
    {
        var url = alert.String("webhook", what: "an http or https URL");
        var log = alert.Bool("log") ?? false;
        Uri? webhook = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out webhook) || webhook.Scheme is not ("http" or "https") || webhook.Host.Length == 0))
        {
            alert.Errors.Add(alert.PathOf("webhook"), alert.Get("webhook")!.Start, "invalid webhook: an absolute http:// or https:// URL");
            return null;
        }

        var headers = Strings(alert, "headers", "a mapping of header name to value", "a header value");
        var run = alert.String("run", what: "the name of the pipeline to run");
        var parameters = Strings(alert, "params", "a mapping of parameter name to value", "a parameter value");
        var inputs = Strings(alert, "inputs", "a mapping of input name to path", "an input path");
        var kinds = (webhook is null ? 0 : 1) + (log ? 1 : 0) + (run is null ? 0 : 1);
        if (kinds != 1 || (webhook is null && headers.Count > 0) || (run is null && parameters.Count + inputs.Count > 0))
        {
            alert.Errors.Add(path, start, "an alert is either '- webhook: URL' (with optional headers:), '- log: true' or '- run: PIPELINE' (with optional params: and inputs:)");
            return null;
        }

        return new AlertSettings { Webhook = webhook, Headers = headers, Log = log, Run = run, Parameters = parameters, Inputs = inputs };
    }

    private static Dictionary<string, string> Strings(MappingReader alert, string key, string what, string valueWhat)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (alert.Nested(key, null, what) is { } map)
        {
            foreach (var entry in map.Entries)
            {
                if (map.String(entry.Key.Value, what: valueWhat) is { } value)
                {
                    values[entry.Key.Value] = value;
                }
            }
        }

        return values;
    }
}

using System.Globalization;
using System.Xml.Linq;
using Mlmax.Aws.Api.Internal;

namespace Mlmax.Aws.Api;

/// <summary>
/// The CloudFormation calls mlmax makes, over AWS's query protocol (API version 2010-05-15): form-encoded POSTs signed
/// with SigV4 for the service <c>cloudformation</c>, XML responses.
/// </summary>
public sealed class CloudFormationClient
{
    /// <summary>The API version.</summary>
    public const string ApiVersion = "2010-05-15";

    /// <summary>The largest template CloudFormation takes inline (<c>TemplateBody</c>); larger ones go by <c>TemplateURL</c>.</summary>
    public const int MaxTemplateBodyBytes = 51_200;

    private const string Service = "CloudFormation";
    private readonly AwsHttpSender _sender;
    private readonly Uri _endpoint;

    /// <summary>Creates the client.</summary>
    /// <param name="settings">Region, credentials and endpoint.</param>
    /// <param name="http">The HTTP client (not disposed).</param>
    /// <param name="time">The clock requests are signed with.</param>
    public CloudFormationClient(AwsSettings settings, HttpClient http, TimeProvider time)
    {
        _sender = new AwsHttpSender(http, settings, time);
        _endpoint = settings.Endpoints.CloudFormation;
    }

    /// <summary>Creates a stack.</summary>
    /// <param name="request">The stack.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new stack's id.</returns>
    public async Task<string> CreateStackAsync(StackRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync("CreateStack", StackFields(request), cancellationToken);
        return QueryProtocol.Child(result, "StackId") ?? throw Malformed("CreateStack", "StackId");
    }

    /// <summary>Updates a stack.</summary>
    /// <param name="request">The stack's new template and parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stack's id, or <see langword="null"/> when CloudFormation answered that there is nothing to update.</returns>
    public async Task<string?> UpdateStackAsync(StackRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("UpdateStack", StackFields(request), cancellationToken);
            return QueryProtocol.Child(result, "StackId") ?? throw Malformed("UpdateStack", "StackId");
        }
        catch (AwsApiException e) when (e.Code == "ValidationError" && e.Detail.Contains("No updates are to be performed", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>Describes one stack.</summary>
    /// <param name="stackName">The stack's name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stack, or <see langword="null"/> when it does not exist.</returns>
    public async Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken)
    {
        XElement result;
        try
        {
            result = await CallAsync("DescribeStacks", [new("StackName", stackName)], cancellationToken);
        }
        catch (AwsApiException e) when (e.Code == "ValidationError" && e.Detail.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }

        var stack = QueryProtocol.Members(result, "Stacks").FirstOrDefault();
        if (stack is null)
        {
            return null;
        }

        return new StackDescription(
            QueryProtocol.Child(stack, "StackId") ?? throw Malformed("DescribeStacks", "StackId"),
            QueryProtocol.Child(stack, "StackName") ?? stackName,
            QueryProtocol.Child(stack, "StackStatus") ?? throw Malformed("DescribeStacks", "StackStatus"),
            QueryProtocol.Child(stack, "StackStatusReason"),
            Pairs(stack, "Outputs", "OutputKey", "OutputValue"),
            Pairs(stack, "Parameters", "ParameterKey", "ParameterValue"));
    }

    /// <summary>One page of a stack's events, newest first.</summary>
    /// <param name="stackName">The stack's name or id.</param>
    /// <param name="nextToken">The page to read, or <see langword="null"/> for the newest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public async Task<StackEventPage> DescribeStackEventsAsync(string stackName, string? nextToken, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>> { new("StackName", stackName) };
        if (nextToken is not null)
        {
            fields.Add(new("NextToken", nextToken));
        }

        var result = await CallAsync("DescribeStackEvents", fields, cancellationToken);
        var events = QueryProtocol.Members(result, "StackEvents").Select(e => new StackEvent(
            QueryProtocol.Child(e, "EventId") ?? string.Empty,
            QueryProtocol.Time(QueryProtocol.Child(e, "Timestamp")),
            QueryProtocol.Child(e, "LogicalResourceId") ?? string.Empty,
            QueryProtocol.Child(e, "ResourceType") ?? string.Empty,
            QueryProtocol.Child(e, "ResourceStatus") ?? string.Empty,
            QueryProtocol.Child(e, "ResourceStatusReason"),
            QueryProtocol.Child(e, "ClientRequestToken"))).ToList();
        return new StackEventPage(events, QueryProtocol.Child(result, "NextToken"));
    }

    private static List<KeyValuePair<string, string>> StackFields(StackRequest request)
    {
        var fields = new List<KeyValuePair<string, string>> { new("StackName", request.StackName) };
        if (request.TemplateBody is not null)
        {
            fields.Add(new("TemplateBody", request.TemplateBody));
        }
        else if (request.TemplateUrl is not null)
        {
            fields.Add(new("TemplateURL", request.TemplateUrl));
        }
        else
        {
            throw new ArgumentException("a stack request needs TemplateBody or TemplateUrl", nameof(request));
        }

        var n = 0;
        foreach (var (key, value) in request.Parameters)
        {
            n++;
            fields.Add(new(Member("Parameters", n, "ParameterKey"), key));
            fields.Add(new(Member("Parameters", n, "ParameterValue"), value));
        }

        n = 0;
        foreach (var capability in request.Capabilities)
        {
            fields.Add(new($"Capabilities.member.{++n}", capability));
        }

        n = 0;
        foreach (var (key, value) in request.Tags)
        {
            n++;
            fields.Add(new(Member("Tags", n, "Key"), key));
            fields.Add(new(Member("Tags", n, "Value"), value));
        }

        if (request.ClientRequestToken is not null)
        {
            fields.Add(new("ClientRequestToken", request.ClientRequestToken));
        }

        return fields;
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        fields.InsertRange(0, [new("Action", action), new("Version", ApiVersion)]);
        var text = await _sender.PostAsync(Service, "cloudformation", _endpoint, action, QueryProtocol.ContentType, QueryProtocol.Encode(fields),
            new Dictionary<string, string>(), QueryProtocol.ParseError, cancellationToken);
        XElement? root;
        try
        {
            root = XDocument.Parse(text).Root;
        }
        catch (System.Xml.XmlException e)
        {
            throw new AwsApiException(Service, action, 200, "MalformedResponse", $"the response is not XML: {e.Message}", null);
        }

        return root is not null && QueryProtocol.Element(root, action + "Result") is { } result
            ? result
            : throw Malformed(action, action + "Result");
    }

    private static Dictionary<string, string> Pairs(XElement stack, string list, string key, string value) =>
        QueryProtocol.Members(stack, list)
            .Select(m => (Key: QueryProtocol.Child(m, key), Value: QueryProtocol.Child(m, value) ?? string.Empty))
            .Where(p => p.Key is not null)
            .GroupBy(p => p.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    private static string Member(string list, int n, string field) => string.Create(CultureInfo.InvariantCulture, $"{list}.member.{n}.{field}");

    private static AwsApiException Malformed(string action, string missing) =>
        new(Service, action, 200, "MalformedResponse", $"the response has no {missing}", null);
}

using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Mlmax.Aws.Api.Internal;

/// <summary>AWS's query protocol: form-encoded requests (<c>Action</c>, <c>Version</c>, lists as <c>Name.member.N</c>) and XML responses.</summary>
internal static class QueryProtocol
{
    /// <summary>The content type of a query request.</summary>
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Encodes a request body.</summary>
    /// <param name="fields">Field names and values, in order.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{SigV4Signer.UriEncode(f.Key)}={SigV4Signer.UriEncode(f.Value)}")));

    /// <summary>Reads an <c>ErrorResponse</c>.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The error, or <see langword="null"/> if the body is not one.</returns>
    public static AwsError? ParseError(string body)
    {
        try
        {
            var root = XDocument.Parse(body).Root;
            var error = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
            return error is null ? null : new AwsError(
                Child(error, "Code") ?? "Unknown",
                Child(error, "Message") ?? string.Empty,
                Child(root!, "RequestId"));
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>The text of the first child element with this local name, or <see langword="null"/>.</summary>
    /// <param name="element">The parent.</param>
    /// <param name="name">The local name.</param>
    /// <returns>The text.</returns>
    public static string? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The child element with this local name, or <see langword="null"/>.</summary>
    /// <param name="element">The parent.</param>
    /// <param name="name">The local name.</param>
    /// <returns>The element.</returns>
    public static XElement? Element(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The <c>member</c> elements of a list.</summary>
    /// <param name="element">The parent of the list.</param>
    /// <param name="list">The list's local name.</param>
    /// <returns>The members.</returns>
    public static IEnumerable<XElement> Members(XElement element, string list) =>
        Element(element, list)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    /// <summary>Parses an ISO 8601 timestamp.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset Time(string? text) =>
        text is null ? default : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

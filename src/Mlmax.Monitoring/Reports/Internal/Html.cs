using System.Globalization;
using System.Text.Encodings.Web;

namespace Mlmax.Monitoring.Reports.Internal;

/// <summary>Text as it goes into the report's HTML and SVG: encoded, numbers in the invariant culture.</summary>
internal static class Html
{
    /// <summary>Encodes text for an element's content or a quoted attribute.</summary>
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A number with three decimals, or empty.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    /// <summary>A share as a percentage with one decimal.</summary>
    public static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>A coordinate, with at most two decimals.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, to the second.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

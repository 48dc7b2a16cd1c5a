namespace Mlmax.Serving.Models;

/// <summary>What values a model column holds, as a client sees it.</summary>
public enum ValueKind
{
    /// <summary>Text (categories are text, even when they look like numbers).</summary>
    Text,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}

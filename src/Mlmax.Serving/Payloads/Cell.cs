namespace Mlmax.Serving.Payloads;

/// <summary>How a value arrived: what JSON type it had, or text from CSV.</summary>
internal enum CellType
{
    /// <summary>JSON <c>null</c> or an absent key.</summary>
    Missing,

    /// <summary>A JSON string, or a CSV field.</summary>
    String,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A JSON object or array.</summary>
    Structured,
}

/// <summary>One value of a request, before it is checked against the model's input schema.</summary>
/// <param name="Type">How it arrived.</param>
/// <param name="Text">Its text (a JSON number's literal, <c>true</c>/<c>false</c>, or the string).</param>
internal readonly record struct Cell(CellType Type, string? Text)
{
    public static Cell Missing => new(CellType.Missing, null);
}

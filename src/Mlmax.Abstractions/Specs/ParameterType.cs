namespace Mlmax.Specs;

/// <summary>The type of a pipeline parameter. Values are checked against it before anything runs.</summary>
public enum ParameterType
{
    /// <summary>Any text.</summary>
    String,

    /// <summary>A whole number (64-bit).</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}

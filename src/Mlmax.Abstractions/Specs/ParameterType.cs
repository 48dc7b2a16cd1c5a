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

    /// <summary>
    /// A registered model version: <c>NAME</c> (the latest), <c>NAME:VERSION</c> or <c>NAME@ALIAS</c>. Resolved to
    /// <c>NAME:VERSION</c> when a run is planned, so the run records (and its cache keys name) the exact version.
    /// </summary>
    Model,
}

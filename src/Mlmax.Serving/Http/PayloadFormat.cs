namespace Mlmax.Serving.Http;

/// <summary>A body format.</summary>
internal enum PayloadFormat
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>text/csv</c>.</summary>
    Csv,
}

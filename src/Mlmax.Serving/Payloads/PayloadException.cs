namespace Mlmax.Serving.Payloads;

/// <summary>A request the server refuses, answered with an RFC 7807 problem (status, title, detail and the fields at fault).</summary>
public sealed class PayloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status (400, 413, 415, 422, ...).</param>
    /// <param name="title">A short, fixed summary of the kind of problem.</param>
    /// <param name="detail">What is wrong with this request.</param>
    /// <param name="errors">The fields at fault.</param>
    public PayloadException(int status, string title, string detail, IReadOnlyList<FieldProblem>? errors = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Errors = errors ?? [];
    }

    /// <summary>Creates the exception (400).</summary>
    public PayloadException()
        : this(400, "Bad Request", "bad request")
    {
    }

    /// <summary>Creates the exception (400).</summary>
    /// <param name="message">What is wrong.</param>
    public PayloadException(string message)
        : this(400, "Bad Request", message)
    {
    }

    /// <summary>Creates the exception (400).</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Title = "Bad Request";
        Errors = [];
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>A short summary of the kind of problem.</summary>
    public string Title { get; }

    /// <summary>The fields at fault (may be empty).</summary>
    public IReadOnlyList<FieldProblem> Errors { get; }

    /// <summary>A malformed body (400).</summary>
    internal static PayloadException Malformed(string field, string detail) =>
        new(400, "Malformed request body", detail, [new FieldProblem(field, null, detail)]);

    /// <summary>Data that does not fit the model's input schema (422).</summary>
    internal static PayloadException Schema(IReadOnlyList<FieldProblem> errors, int total) =>
        new(422, "Input does not match the model's schema",
            total == 1 ? Describe(errors[0]) : $"{total} problems; the first: {Describe(errors[0])}", errors);

    private static string Describe(FieldProblem p) => p.Row is { } row ? $"{p.Field} (row {row}): {p.Problem}" : $"{p.Field}: {p.Problem}";
}

using System.ComponentModel.DataAnnotations;
using System.Net;
using Mlmax.Registry;
using Mlmax.Scoring.Schema;

namespace Mlmax.Serving;

/// <summary>How a <see cref="ModelServer"/> serves: which model, where, with what limits and credentials.</summary>
public sealed record ModelServerOptions : IValidatableObject
{
    /// <summary>The default request body limit: 6 MB, SageMaker's invocation payload limit.</summary>
    public const long DefaultMaxBodyBytes = 6L * 1024 * 1024;

    /// <summary>The model to serve: <c>NAME:VERSION</c> is pinned; <c>NAME@ALIAS</c> and <c>NAME</c> (latest) are watched and hot-swapped.</summary>
    [Required]
    public required ModelReference Model { get; init; }

    /// <summary>The IP address to listen on, or <c>localhost</c>.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    [Required]
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it from <see cref="ModelServer.Port"/>).</summary>
    /// <value>Default 8080.</value>
    [Range(0, 65535)]
    public int Port { get; init; } = 8080;

    /// <summary>The bearer token clients must present. Required when <see cref="Host"/> is not a loopback address; when set, it is enforced on every address.</summary>
    /// <value>Default none.</value>
    public BearerToken? Token { get; init; }

    /// <summary>The largest request body accepted; larger ones are answered 413 before parsing.</summary>
    /// <value>Default <see cref="DefaultMaxBodyBytes"/> (6 MB).</value>
    [Range(1L, 1L << 30)]
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>How often the registry is asked where a watched alias points.</summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What <c>/invocations</c> does with rows that violate the model's training schema (a category not seen in
    /// training, a number column's value that is not a number): <see cref="ViolationPolicy.Refuse"/> answers 422 naming
    /// each row, column and value; <see cref="ViolationPolicy.Report"/> scores them and counts them in the
    /// <c>X-Mlmax-Schema-Violations</c> header, the metrics and the log. A model without a training schema is not checked.
    /// </summary>
    /// <value>Default <see cref="ViolationPolicy.Refuse"/>, as for <c>mlmax predict</c>.</value>
    [EnumDataType(typeof(ViolationPolicy), ErrorMessage = "the violation policy must be refuse or report")]
    public ViolationPolicy OnViolation { get; init; } = ViolationPolicy.Refuse;

    /// <summary>
    /// The request column holding each row's id (matched ignoring case, spaces and punctuation). When a request has it
    /// and the model does not take it as an input, it is not passed to the model; the request log keeps it as the row's
    /// id, so labels that arrive later can be joined to the prediction (<c>mlmax monitor labels</c>).
    /// </summary>
    /// <value>Default <c>id</c>; <see langword="null"/>: no id column (such a column is refused as unknown).</value>
    public string? IdColumn { get; init; } = "id";

    /// <summary>Which served rows are logged, and how often they are written; needs a request log sink when its rate is above 0.</summary>
    /// <value>Default off.</value>
    public RequestLogOptions RequestLog { get; init; } = new();

    /// <summary>Whether <see cref="Host"/> names a loopback address (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>).</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Whether the model is watched for moves (an alias or the latest version, not a pinned version).</summary>
    public bool WatchesRegistry => Model.Version is null;

    /// <summary>Checks every option; throws with all problems at once.</summary>
    /// <exception cref="ServingConfigurationException">An option is invalid.</exception>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ServingConfigurationException(string.Join("; ", results.Select(r => r.ErrorMessage)));
        }
    }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var log = new List<ValidationResult>();
        if (RequestLog is null)
        {
            yield return new ValidationResult("the request log options are required", [nameof(RequestLog)]);
        }
        else if (!Validator.TryValidateObject(RequestLog, new ValidationContext(RequestLog), log, validateAllProperties: true))
        {
            foreach (var result in log)
            {
                yield return result;
            }
        }

        if (IdColumn is { } id && string.IsNullOrWhiteSpace(id))
        {
            yield return new ValidationResult("the id column must be a column name, or none", [nameof(IdColumn)]);
        }

        if (Host != "localhost" && !IPAddress.TryParse(Host, out _))
        {
            yield return new ValidationResult($"host '{Host}' is not an IP address or 'localhost' (e.g. 127.0.0.1, 0.0.0.0, ::)", [nameof(Host)]);
        }
        else if (!IsLoopback && Token is null)
        {
            yield return new ValidationResult(
                $"refusing to serve on {Host}, which is not a loopback address, without a bearer token: set one in the token environment variable (e.g. MLMAX_SERVE_TOKEN), or bind 127.0.0.1",
                [nameof(Token)]);
        }
    }
}

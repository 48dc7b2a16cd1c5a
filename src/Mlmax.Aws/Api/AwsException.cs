namespace Mlmax.Aws.Api;

/// <summary>A problem talking to AWS that the user can act on: the message says what happened and how to fix it.</summary>
public abstract class AwsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="inner">The cause, if any.</param>
    protected AwsException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>No usable credentials or region: nothing was sent to AWS.</summary>
public sealed class AwsConfigurationException : AwsException
{
    /// <summary>What to do when no credentials or region are found.</summary>
    public const string Fix = "run 'aws configure', set AWS_PROFILE, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and AWS_REGION";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="inner">The cause, if any.</param>
    public AwsConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>An AWS service answered with an error (after retries, for throttling and server errors).</summary>
public sealed class AwsApiException : AwsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="service">The service, e.g. <c>CloudFormation</c>.</param>
    /// <param name="action">The API action, e.g. <c>CreateStack</c>.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="code">AWS's error code, e.g. <c>ValidationError</c>.</param>
    /// <param name="detail">AWS's error message.</param>
    /// <param name="requestId">The request id, for AWS support.</param>
    public AwsApiException(string service, string action, int statusCode, string code, string detail, string? requestId)
        : base(Describe(service, action, statusCode, code, detail, requestId))
    {
        Service = service;
        Action = action;
        StatusCode = statusCode;
        Code = code;
        Detail = detail;
        RequestId = requestId;
    }

    /// <summary>The service.</summary>
    public string Service { get; }

    /// <summary>The API action.</summary>
    public string Action { get; }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>AWS's error code.</summary>
    public string Code { get; }

    /// <summary>AWS's error message.</summary>
    public string Detail { get; }

    /// <summary>The request id, if AWS sent one.</summary>
    public string? RequestId { get; }

    /// <summary>Whether the caller lacks a permission.</summary>
    public bool IsAccessDenied => Code is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "UnrecognizedClientException"
        or "InvalidClientTokenId" or "SignatureDoesNotMatch" or "ExpiredToken" or "ExpiredTokenException";

    private static string Describe(string service, string action, int statusCode, string code, string detail, string? requestId)
    {
        var hint = code switch
        {
            "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" =>
                $"; the identity these credentials belong to needs permission for {ServicePrefix(service)}:{action} (docs/aws.md, 'Deploy and run', lists the permissions)",
            "ExpiredToken" or "ExpiredTokenException" => "; the session has expired: sign in again (e.g. 'aws sso login') or refresh AWS_SESSION_TOKEN",
            "UnrecognizedClientException" or "InvalidClientTokenId" => "; AWS does not know this access key: check AWS_ACCESS_KEY_ID or the profile in AWS_PROFILE",
            "SignatureDoesNotMatch" => "; the secret key does not belong to the access key: check AWS_SECRET_ACCESS_KEY or the profile",
            _ => string.Empty,
        };
        return $"{service} {action}: {code} ({statusCode}): {detail}{hint}{(requestId is null ? "" : $" [request id {requestId}]")}";
    }

    private static string ServicePrefix(string service) => service switch
    {
        "CloudFormation" => "cloudformation",
        "Step Functions" => "states",
        "S3" => "s3",
        _ => service.ToLowerInvariant(),
    };
}

/// <summary>An AWS endpoint could not be reached (after retries).</summary>
public sealed class AwsUnreachableException : AwsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached and what to check.</param>
    /// <param name="inner">The cause.</param>
    public AwsUnreachableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

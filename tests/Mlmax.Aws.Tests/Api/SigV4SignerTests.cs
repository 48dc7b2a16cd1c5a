using System.Net.Http.Headers;
using System.Text;
using Mlmax.Aws.Api;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests.Api;

public sealed class SigV4SignerTests
{
    private static readonly SigningCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    private static readonly KeyValuePair<string, string>[] ExampleHeaders =
    [
        new("Host", "iam.amazonaws.com"),
        new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        new("X-Amz-Date", "20150830T123600Z"),
    ];

    private static readonly Uri ExampleUri = new("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");

    [Fact]
    public void Authorization_AwsDocumentedExample_GivesDocumentedSignature()
    {
        // AWS's worked example of Signature Version 4 (IAM ListUsers, 2015-08-30 12:36:00 UTC, us-east-1).
        var header = SigV4Signer.Authorization("GET", ExampleUri, ExampleHeaders, SigV4Signer.Sha256Hex([]), Example, "us-east-1", "iam", "20150830T123600Z");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            header);
    }

    [Fact]
    public void CanonicalRequestAndKey_AwsDocumentedExample_MatchDocumentedIntermediateValues()
    {
        var canonical = SigV4Signer.CanonicalRequest("GET", ExampleUri, ExampleHeaders, SigV4Signer.Sha256Hex([]), out var signed);
        var key = SigV4Signer.SigningKey(Example.SecretAccessKey, "20150830", "us-east-1", "iam");

        Assert.Equal("content-type;host;x-amz-date", signed);
        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", SigV4Signer.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Sign_PostWithSessionToken_VerifiedByIndependentCheck()
    {
        var credentials = new SigningCredentials("ASIAEXAMPLE", "secret/EXAMPLE+key", "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDG");
        var body = Encoding.UTF8.GetBytes("{\"executionArn\":\"arn:aws:states:eu-west-1:123456789012:execution:m:r\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8123/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.DescribeExecution");
        var now = DateTimeOffset.UtcNow;

        SigV4Signer.Sign(request, body, credentials, "eu-west-1", "states", now);

        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
        headers["host"] = "127.0.0.1:8123";
        headers["content-type"] = "application/x-amz-json-1.0";
        var received = new ReceivedRequest("POST", "/", "", headers, body);
        Assert.Empty(SignatureCheck.Verify(received, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "eu-west-1", "states", now));
        Assert.Contains("x-amz-security-token", headers["authorization"], StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.SecretAccessKey, string.Join('\n', headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Credentials_NeverShowsSecretOrToken()
    {
        var credentials = new SigningCredentials("ASIAEXAMPLE", "the-secret", "the-token");

        Assert.DoesNotContain("the-secret", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-token", credentials.ToString(), StringComparison.Ordinal);
    }
}

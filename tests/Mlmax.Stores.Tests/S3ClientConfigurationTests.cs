using Amazon.Runtime;
using Mlmax.Stores.S3;

namespace Mlmax.Stores.Tests;

public sealed class S3ClientConfigurationTests
{
    [Fact]
    public void FromEnvironment_ServiceSpecificEndpoint_WinsAndUsesPathStyle()
    {
        var config = S3ClientConfiguration.FromEnvironment(Env(("AWS_ENDPOINT_URL", "http://general:1"), ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));

        Assert.StartsWith("http://127.0.0.1:9000", config.ServiceURL, StringComparison.Ordinal);
        Assert.True(config.ForcePathStyle);
        Assert.Equal(S3ClientConfiguration.DefaultEndpointRegion, config.AuthenticationRegion);
    }

    [Fact]
    public void FromEnvironment_EndpointAndRegion_SignsForThatRegion()
    {
        var config = S3ClientConfiguration.FromEnvironment(Env(("AWS_ENDPOINT_URL", "https://minio.internal"), ("AWS_REGION", "eu-west-3")));

        Assert.Equal("eu-west-3", config.AuthenticationRegion);
        Assert.True(config.ForcePathStyle);
    }

    [Fact]
    public void FromEnvironment_NoEndpoint_VirtualHostedStyleInRegion()
    {
        var config = S3ClientConfiguration.FromEnvironment(Env(("AWS_DEFAULT_REGION", "eu-central-1")));

        Assert.False(config.ForcePathStyle);
        Assert.Null(config.ServiceURL);
        Assert.Equal("eu-central-1", config.RegionEndpoint?.SystemName);
    }

    [Fact]
    public void FromEnvironment_Always_ChecksumsOnlyWhenRequired()
    {
        var config = S3ClientConfiguration.FromEnvironment(Env());

        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Theory]
    [InlineData("localhost:9000")]
    [InlineData("ftp://host")]
    public void FromEnvironment_EndpointNotHttp_Throws(string endpoint)
    {
        Assert.Throws<FormatException>(() => S3ClientConfiguration.FromEnvironment(Env(("AWS_ENDPOINT_URL", endpoint))));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

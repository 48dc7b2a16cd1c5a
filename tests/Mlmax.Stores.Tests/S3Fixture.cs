using Amazon.Runtime;
using Amazon.S3;
using Mlmax.Stores.S3;
using Mlmax.Testing.S3;

namespace Mlmax.Stores.Tests;

/// <summary>One throwaway s3rver for every test class in the <c>s3</c> collection; each test gets its own prefix.</summary>
public sealed class S3Fixture : IAsyncLifetime
{
    private S3Server? _server;

    public S3Server Server => _server ?? throw new InvalidOperationException("the S3 test server did not start");

    public async Task InitializeAsync() => _server = await S3Server.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A client configured the way the store configures itself, from the server's AWS_* variables.</summary>
    public AmazonS3Client CreateClient(HttpClientFactory? http = null)
    {
        var config = S3ClientConfiguration.FromEnvironment(name => Server.Environment.GetValueOrDefault(name));
        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        return new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey), config);
    }
}

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3Fixture>
{
    public const string Name = "s3";
}

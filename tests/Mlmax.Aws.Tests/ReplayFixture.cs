using Mlmax.Aws.Api;
using Mlmax.Testing.Aws;

namespace Mlmax.Aws.Tests;

/// <summary>A replay server and settings pointing clients at it, with temporary credentials.</summary>
public sealed class ReplayFixture : IAsyncLifetime
{
    public const string AccessKeyId = "ASIAREPLAYEXAMPLE";
    public const string SecretAccessKey = "replay/secret+EXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==";

    private AwsReplayServer? _server;

    public AwsReplayServer Server => _server ?? throw new InvalidOperationException("not started");

    public AwsSettings Settings => AwsSettings.Fixed("us-east-1", new SigningCredentials(AccessKeyId, SecretAccessKey, SessionToken),
        new AwsEndpoints(Server.Endpoint, Server.Endpoint, null));

    public async Task InitializeAsync() => _server = await AwsReplayServer.StartAsync(AccessKeyId, SecretAccessKey, SessionToken, "us-east-1");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Mlmax.Serving.Tests;

[Collection(CensusCollection.Name)]
public sealed partial class ServeCommandTests(CensusProject project)
{
    [Fact]
    public async Task Serve_AliasOnPortZero_PrintsItsAddressAnswersAndStopsCleanlyOnSigterm()
    {
        using var process = Process.Start(CliProcess.StartInfo(project.Root, "serve", "census@production", "--port", "0"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            Match address = Match.Empty;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !(address = Address().Match(line)).Success)
            {
            }

            Assert.True(address.Success, $"no address printed; stderr: {(process.HasExited ? await stderr : "")}");
            Assert.Contains("census:1", line, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(address.Value) };
            using (var ping = await http.GetAsync("/ping"))
            {
                Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            }

            using (var scored = await http.PostAsync("/invocations", new StringContent(new Payloads(project, await ModelAsync(http)).CsvWithoutHeader, System.Text.Encoding.UTF8, "text/csv")))
            {
                Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The served model's schema, as the test's payload builder needs it, read from the server in this process.</summary>
    private async Task<Models.ServedModel> ModelAsync(HttpClient http)
    {
        var version = Payloads.Parse(await http.GetStringAsync("/version"));
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        await using var local = await RunningServer.StartAsync(project);
        return local.Server.Model;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}

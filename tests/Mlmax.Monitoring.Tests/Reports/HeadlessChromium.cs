using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlmax.Monitoring.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket on a loopback port the browser picks):
/// opens a page, records console errors, uncaught exceptions and error log entries, evaluates script, takes screenshots.
/// Installed by <c>make deps-chromium</c>; <c>MLMAX_CHROMIUM</c> names another executable.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<JsonNode> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and error log entries, as text.</summary>
    public IReadOnlyList<string> Errors => [.. _events.Select(Error).OfType<string>()];

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("MLMAX_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(executable), $"{executable} is missing: install Debian's chromium with `make deps-chromium` (or set MLMAX_CHROMIUM)");
        var profile = Directory.CreateTempSubdirectory("mlmax-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}",
            "--window-size=1280,900", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("DevTools listening on ", StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, "chromium exited before it opened its DevTools port");
        _ = process.StandardError.ReadToEndAsync();
        var port = new Uri(line!["DevTools listening on ".Length..]).Port;
        using var http = new HttpClient();
        var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list", timeout.Token);
        var page = targets!.First(t => (string?)t!["type"] == "page")!;
        await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), timeout.Token);
        browser._reader = browser.ReadAsync();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" })
        {
            await browser.SendAsync(domain);
        }

        return browser;
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        var before = _events.Count(e => (string?)e["method"] == "Page.loadEventFired");
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_events.Count(e => (string?)e["method"] == "Page.loadEventFired") == before)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value (by value: JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        Assert.True(result["exceptionDetails"] is null, $"script failed: {result["exceptionDetails"]}");
        return result["result"]!["value"];
    }

    /// <summary>A PNG of the whole page at <paramref name="width"/> CSS pixels, or of its first <paramref name="height"/> pixels.</summary>
    public async Task<byte[]> ScreenshotAsync(int width, int? height = null)
    {
        var pageHeight = (int)(await EvaluateAsync("document.documentElement.scrollHeight"))!.GetValue<double>();
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var clip = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = Math.Min(height ?? pageHeight, pageHeight), ["scale"] = 1 };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["clip"] = clip, ["captureBeyondViewport"] = true });
        return Convert.FromBase64String((string)shot["data"]!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        var reply = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(reply["error"] is null, $"{method}: {reply["error"]}");
        return reply["result"]!;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting))
                {
                    waiting.SetResult(node);
                }
                else
                {
                    _events.Enqueue(node);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private static string? Error(JsonNode e)
    {
        var p = e["params"];
        return (string?)e["method"] switch
        {
            "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "assert" => $"console.{p["type"]}: {p["args"]?.ToJsonString()}",
            "Runtime.exceptionThrown" => $"exception: {p!["exceptionDetails"]?.ToJsonString()}",
            "Log.entryAdded" when (string?)p!["entry"]!["level"] == "error" => $"log: {p["entry"]!["text"]} ({p["entry"]!["url"]})",
            _ => null,
        };
    }
}

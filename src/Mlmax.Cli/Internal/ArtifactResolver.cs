namespace Mlmax.Cli.Internal;

/// <summary>Resolves what a user types for an artifact: an id, a prefix of its hex digits, or <c>RUN/STEP.OUTPUT</c>.</summary>
internal static class ArtifactResolver
{
    public static async Task<string> ResolveAsync(ProjectHost host, string text, CancellationToken cancellationToken)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dot = text.LastIndexOf('.');
        if (slash > 0 && dot > slash)
        {
            var run = await host.Metadata.GetRunAsync(text[..slash], cancellationToken)
                ?? throw new UserException($"no run '{text[..slash]}' (see: mlmax runs)");
            var stepName = text[(slash + 1)..dot];
            var output = text[(dot + 1)..];
            var step = (await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken)).FirstOrDefault(s => s.Step == stepName)
                ?? throw new UserException($"run {run.Id} has no step '{stepName}'");
            return step.Outputs.TryGetValue(output, out var id)
                ? id
                : throw new UserException($"step {run.Id}/{stepName} has no output '{output}' (outputs: {string.Join(", ", step.Outputs.Keys)})");
        }

        var matches = await host.Metadata.FindArtifactsAsync(text, cancellationToken);
        return matches.Count switch
        {
            0 => throw new UserException($"no artifact '{text}' (give sha256:..., a prefix of its digits, or RUN/STEP.OUTPUT)"),
            1 => matches[0].Id,
            _ => throw new UserException($"artifact prefix '{text}' is ambiguous: {string.Join(", ", matches.Take(3).Select(a => a.Id))}"),
        };
    }
}

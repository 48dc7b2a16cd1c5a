using System.Formats.Tar;
using System.IO.Compression;
using Mlmax.Aws.Compilation;
using Mlmax.Aws.Packaging;
using Mlmax.Definitions;

namespace Mlmax.Aws.Tests.Packaging;

public sealed class CodePackagerTests
{
    private static IReadOnlyDictionary<string, string> ProjectFiles(CompiledPipeline compiled) =>
        compiled.Manifest.Packages.Single(p => p.Name == CodePackage.Project).Files!;

    private static List<TarEntry> Entries(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task ProjectArchive_SameFilesTwice_ByteIdenticalWithManifestFilesOnly()
    {
        using var project = TempDirectory.CopyOf(Repository.CensusTemplate);
        var compiled = CensusCompilation.Compile("training", project.Path);
        using var output = new TempDirectory();
        var first = Path.Combine(output.Path, "a.tar.gz");
        var second = Path.Combine(output.Path, "b.tar.gz");

        await TarGzWriter.WriteAsync(first, ProjectArchive.Read(project.Path, ProjectFiles(compiled)), CancellationToken.None);
        File.SetLastWriteTimeUtc(project.PathOf("mlmax.yaml"), DateTime.UtcNow.AddDays(-3));
        await TarGzWriter.WriteAsync(second, ProjectArchive.Read(project.Path, ProjectFiles(compiled)), CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(ProjectFiles(compiled).Keys.Order(StringComparer.Ordinal), Entries(first).Select(e => e.Name));
        Assert.DoesNotContain(Entries(first), e => e.Name.StartsWith("data/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_ProjectFileChangedSinceCompile_ThrowsAskingToRecompile()
    {
        using var project = TempDirectory.CopyOf(Repository.CensusTemplate);
        var compiled = CensusCompilation.Compile("training", project.Path);
        File.AppendAllText(project.PathOf("src/Census.Steps/Train.cs"), "\n// edited after compile\n");
        File.Delete(project.PathOf("src/Census.Steps/Evaluate.cs"));
        using var output = new TempDirectory();
        var settings = new ProjectLoader().Load(project.PathOf("mlmax.yaml"));

        var error = await Assert.ThrowsAsync<CodePackagingException>(
            () => new CodePackager(project.Path, settings, _ => { }).BuildAsync(compiled, output.Path, CancellationToken.None));

        Assert.Contains("src/Census.Steps/Train.cs", error.Message, StringComparison.Ordinal);
        Assert.Contains("src/Census.Steps/Evaluate.cs (deleted)", error.Message, StringComparison.Ordinal);
        Assert.Contains("re-run mlmax aws compile", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output.Path, CodePackage.Project)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TarGzWriter_Entries_SortedWithFixedOwnerTimeAndModes()
    {
        using var files = new TempDirectory();
        var script = files.Write("run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var text = files.Write("b/notes.txt", "notes");
        var archive = Path.Combine(files.Path, "out.tar.gz");

        await TarGzWriter.WriteAsync(archive, [ArchiveFile.FromDisk("z/run.sh", script), ArchiveFile.FromDisk("a/notes.txt", text)], CancellationToken.None);

        var entries = Entries(archive);
        Assert.Equal(["a/notes.txt", "z/run.sh"], entries.Select(e => e.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(TarGzWriter.FixedTime, e.ModificationTime);
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
        });
        Assert.Equal((UnixFileMode)0b110_100_100, entries[0].Mode);
        Assert.Equal((UnixFileMode)0b111_101_101, entries[1].Mode);
        Assert.Equal("notes", new StreamReader(entries[0].DataStream!).ReadToEnd());
    }
}

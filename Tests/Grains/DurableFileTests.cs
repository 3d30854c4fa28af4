using System.Text.RegularExpressions;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

/// <summary>
/// Every whole-file writer, run in a real process under strace: the new bytes are synced before the rename, and the
/// folder is synced after it (without both, a power cut can lose a write that returned, or publish an empty file).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DurableFileTests : IDisposable
{
    private const string Strace = "/usr/bin/strace";
    private readonly TempDirectory _dir = new("rec-durable");

    public void Dispose() => _dir.Dispose();

    [ExecutableFact(Strace, "strace")]
    public async Task LocalKeyFile_CreateAndRotate_SyncFileRenameSyncFolder()
    {
        var path = Path.Combine(_dir.Path, "keys", "kek.json");
        var trace = await TraceAsync("kek-rotate", path);

        // Created (first writer wins: link), then rotated (rename over it).
        Assert.Equal(2, DurableWrites(trace, path));
        Assert.Equal(DurableFile.OwnerOnly, File.GetUnixFileMode(path));
    }

    [ExecutableFact(Strace, "strace")]
    public async Task ApiKeyFile_Create_IsWrittenWholeThenRenamed_OwnerOnly()
    {
        var path = Path.Combine(_dir.Path, "data", "api-keys.json");
        var trace = await TraceAsync("api-keys", path);

        Assert.Equal(1, DurableWrites(trace, path));
        Assert.Equal(DurableFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.DoesNotMatch(OpenedForWriting(path), trace);
    }

    [ExecutableFact(Strace, "strace")]
    public async Task FileGrainStorage_FirstWrite_SyncFileRenameSyncFolder()
    {
        var trace = await TraceAsync("file-state", _dir.Path);

        var path = Assert.Single(Directory.GetFiles(_dir.Path, "crash.json", SearchOption.AllDirectories));
        Assert.Equal(1, DurableWrites(trace, path));
    }

    private async Task<string> TraceAsync(string mode, string target)
    {
        var log = Path.Combine(_dir.Path, $"{mode}.strace");
        await ChildProcess.RunAsync(
            Strace,
            ["-f", "-qq", "-e", "trace=openat,fsync,rename,link", "-o", log, "dotnet", Repository.CrashWriter, mode, target],
            TimeSpan.FromMinutes(1));
        return await File.ReadAllTextAsync(log);
    }

    /// <summary>
    /// How many times the trace shows, in order: the temporary file beside <paramref name="path"/> created, that file
    /// synced, it renamed or linked to <paramref name="path"/>, then the folder opened and synced. Fails on any write
    /// of <paramref name="path"/> that misses a step.
    /// </summary>
    private static int DurableWrites(string trace, string path)
    {
        var lines = trace.Split('\n');
        var folder = Path.GetDirectoryName(path)!;
        var temp = Regex.Escape(path) + @"\.[0-9a-f]{32}\.tmp";
        var count = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var created = Regex.Match(lines[i], $"openat\\(AT_FDCWD, \"({temp})\", [^)]*O_CREAT[^)]*\\)\\s*= (\\d+)");
            if (!created.Success)
            {
                continue;
            }

            var tempPath = created.Groups[1].Value;
            var synced = IndexAfter(lines, i, $"fsync\\({created.Groups[2].Value}[ )]");
            var renamed = IndexAfter(lines, i, $"(rename|link)\\(\"{Regex.Escape(tempPath)}\", \"{Regex.Escape(path)}\"\\)");
            Assert.True(synced > i && renamed > synced, $"{tempPath}: synced at line {synced}, renamed at line {renamed} (created at {i})");
            var folderOpened = lines.Skip(renamed).Select((l, k) => (Match: Regex.Match(l, $"openat\\(AT_FDCWD, \"{Regex.Escape(folder)}\", O_RDONLY\\)\\s*= (\\d+)"), Index: renamed + k))
                .FirstOrDefault(m => m.Match.Success);
            Assert.True(folderOpened.Match is { Success: true }, $"{folder} not opened after the rename of {tempPath}");
            Assert.True(IndexAfter(lines, folderOpened.Index, $"fsync\\({folderOpened.Match.Groups[1].Value}[ )]") > folderOpened.Index, $"{folder} not synced after the rename");
            count++;
        }

        return count;
    }

    private static int IndexAfter(string[] lines, int start, string pattern)
    {
        for (var i = start + 1; i < lines.Length; i++)
        {
            if (Regex.IsMatch(lines[i], pattern))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The target itself opened for writing (not through a temporary file).</summary>
    private static Regex OpenedForWriting(string path) => new($"openat\\(AT_FDCWD, \"{Regex.Escape(path)}\", O_WRONLY");
}

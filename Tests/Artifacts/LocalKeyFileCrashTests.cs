using Orleans.Rec.Artifacts;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>
/// The local key file (kek.json) in a real process killed with SIGKILL between writing the new file and renaming it:
/// the next open finds the old file whole, never a torn one, and the new one only in the temporary file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalKeyFileCrashTests : IDisposable
{
    private readonly TempDirectory _dir = new("rec-kek-crash");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KilledBetweenWriteAndRename_TheOldFileOpensWhole()
    {
        var path = LocalKeyFile.PathUnder(_dir.Path);
        string created;
        using (var writer = ChildProcess.Start("dotnet", [Repository.CrashWriter, "kek", path]))
        {
            var paused = await Eventually.GetAsync(() => Task.FromResult(writer.Output), o => o.Contains("paused ", StringComparison.Ordinal) || writer.HasExited, TimeSpan.FromSeconds(60));
            Assert.Contains($"paused {path}", paused, StringComparison.Ordinal);
            created = paused.Split('\n').Single(l => l.StartsWith("created ", StringComparison.Ordinal))["created ".Length..].Trim();
            writer.Kill();
            await writer.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var file = LocalKeyFile.OpenOrCreate(path, TimeProvider.System);

        Assert.False(file.Created);
        Assert.Equal(created, file.ActiveKeyId);
        Assert.Equal([created], file.KeyIds);

        // The rotation's file was complete and synced: it waits beside the key file, owner-only, never published.
        var temp = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!), DurableFile.IsTemporary);
        Assert.StartsWith(path + ".", temp, StringComparison.Ordinal);
        Assert.Equal(DurableFile.OwnerOnly, File.GetUnixFileMode(temp));
        Assert.Contains(created, await File.ReadAllTextAsync(temp), StringComparison.Ordinal);
    }

    [Fact]
    public void Rotate_ReplacesTheFileWhole_OwnerOnly_InAnOwnerOnlyFolder()
    {
        var path = LocalKeyFile.PathUnder(_dir.Path);
        var file = LocalKeyFile.OpenOrCreate(path, TimeProvider.System);
        var first = file.ActiveKeyId;

        var second = file.AddActiveKey();

        var reopened = LocalKeyFile.OpenOrCreate(path, TimeProvider.System);
        Assert.Equal(second, reopened.ActiveKeyId);
        Assert.Equal([first, second], reopened.KeyIds.Order(StringComparer.Ordinal));
        Assert.Equal(DurableFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(DurableFile.OwnerOnlyFolder, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(path)!), DurableFile.IsTemporary);
    }
}

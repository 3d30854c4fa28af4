using Orleans.Rec.Artifacts;
using Orleans.Rec.Tests.Artifacts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Tools.Keys;

/// <summary><c>rec keys rotate</c> as a real process over a silo's data folder.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly TempDirectory _dataDir = new("rec-rotate");

    public void Dispose() => _dataDir.Dispose();

    [Fact]
    public async Task Rotate_WhenRunOnADataFolder_RewrapsEveryDataKeyUnderAFreshLocalKey()
    {
        var ring = KeyRing.Create(new ArtifactKeyOptions(), _dataDir.Path, TimeProvider.System);
        var store = new LocalFolderArtifactStore(Path.Combine(_dataDir.Path, "artifacts"));
        var pipeline = ArtifactFixtures.Pipeline(store, ring);
        var manifest = await pipeline.WriteAsync("recommender/1", new MemoryStream([4, 5, 6]), new ArtifactWriteSettings());
        await pipeline.WriteAsync("other/7", new MemoryStream([1]), new ArtifactWriteSettings());
        var oldKey = ring.ActiveKeyId;

        var output = await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "keys", "rotate", "--data-dir", _dataDir.Path], TimeSpan.FromMinutes(1));

        var newKey = ring.ActiveKeyId;
        Assert.NotEqual(oldKey, newKey);
        Assert.Contains($"Re-wrapped 2 data keys under key {newKey}; no model was re-encrypted.", output, StringComparison.Ordinal);
        Assert.True(ring.TryGetKey(newKey, out var key));
        var onlyNew = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys((newKey, Convert.ToBase64String(key))));
        Assert.Equal([4, 5, 6], await onlyNew.ReadAllAsync("recommender/1", manifest));
    }
}

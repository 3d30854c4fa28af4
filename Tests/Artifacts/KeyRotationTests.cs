using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>The local key file and re-wrapping data keys under a new key-encryption key.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly TempDirectory _dataDir = new("rec-keys");

    public void Dispose() => _dataDir.Dispose();

    [Fact]
    public void LocalKeyFile_WhenCreated_IsReadableOnlyByItsOwner()
    {
        var ring = KeyRing.Create(new ArtifactKeyOptions(), _dataDir.Path, new FakeTimeProvider(ArtifactFixtures.Now));

        var path = LocalKeyFile.PathUnder(_dataDir.Path);
        Assert.True(ring.File!.Created);
        Assert.Equal("local-20261127T050000000Z", ring.ActiveKeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        var again = KeyRing.Create(new ArtifactKeyOptions(), _dataDir.Path, new FakeTimeProvider(ArtifactFixtures.Now.AddDays(1)));
        Assert.False(again.File!.Created);
        Assert.Equal(ring.ActiveKeyId, again.ActiveKeyId);
    }

    [Fact]
    public async Task Rewrap_WhenNewKeyIsAdded_OpensEveryArtifactWithOnlyTheNewKeyAndLeavesCiphertextAlone()
    {
        var time = new FakeTimeProvider(ArtifactFixtures.Now);
        var ring = KeyRing.Create(new ArtifactKeyOptions(), _dataDir.Path, time);
        var store = new LocalFolderArtifactStore(Path.Combine(_dataDir.Path, "artifacts"));
        var pipeline = ArtifactFixtures.Pipeline(store, ring);
        var oldKey = ring.ActiveKeyId;
        var payloads = new[] { new byte[] { 1, 2, 3 }, new byte[70_000] };
        var manifests = new List<ArtifactManifest>();
        for (var i = 0; i < payloads.Length; i++)
        {
            manifests.Add(await pipeline.WriteAsync($"m/{i + 1}", new MemoryStream(payloads[i]), new ArtifactWriteSettings()));
        }

        var ciphertextBefore = await File.ReadAllBytesAsync(Path.Combine(store.RootDirectory, "m", "1", ArtifactPaths.CiphertextName));
        time.Advance(TimeSpan.FromDays(30));
        var newKey = ring.File!.AddActiveKey();
        var count = await pipeline.RewrapAllAsync(newKey);

        Assert.Equal(2, count);
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(ciphertextBefore, await File.ReadAllBytesAsync(Path.Combine(store.RootDirectory, "m", "1", ArtifactPaths.CiphertextName)));
        Assert.Equal(newKey, (await pipeline.ReadManifestAsync("m/2")).KeyId);
        if (!ring.TryGetKey(newKey, out var newKeyBytes))
        {
            Assert.Fail("new key missing");
        }

        var onlyNew = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys((newKey, Convert.ToBase64String(newKeyBytes))));
        for (var i = 0; i < payloads.Length; i++)
        {
            Assert.Equal(payloads[i], await onlyNew.ReadAllAsync($"m/{i + 1}", manifests[i]));
        }

        var onlyOld = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("unrelated", ArtifactFixtures.NewKey())));
        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => onlyOld.ReadAllAsync("m/1", manifests[0]));
        Assert.Equal($"unknown key id '{newKey}': this silo holds no key-encryption key with that id", e.Message);
    }

    [Fact]
    public void Validator_WhenSeveralSettingsAreWrong_ListsEveryProblem()
    {
        var options = new ArtifactOptions { Store = ArtifactStoreKind.AzureBlob, MinimumAgreement = 1.5, ProbeHistories = 0 };
        options.AzureBlob.Container = "Bad_Name";
        options.Keys.LocalKeyFile = false;
        options.Keys.Kek["ok-id"] = "not base64 of 32 bytes";

        var problems = ArtifactOptionsValidator.Check(options);

        Assert.Equal(
            [
                "Rec:Artifacts:MinimumAgreement must be between 0 and 1.",
                "Rec:Artifacts:ProbeHistories must be positive.",
                "Rec:Artifacts:AzureBlob:ConnectionString or Rec:Artifacts:AzureBlob:ServiceUri is required when Rec:Artifacts:Store is AzureBlob.",
                "Rec:Artifacts:AzureBlob:Container must be 3-63 characters of a-z, 0-9 and single '-', starting and ending with a letter or digit.",
                "Rec:Artifacts:Keys:Kek:ok-id must be 32 bytes in base64.",
            ],
            problems);
    }
}

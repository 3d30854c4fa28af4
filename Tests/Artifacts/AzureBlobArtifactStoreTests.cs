using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>The Azure Blob store against a real Azurite: the pipeline over it, tampering, listing, rotation.</summary>
public sealed class AzureBlobArtifactStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [AzuriteFact]
    public async Task Pipeline_WhenArtifactSpansSeveralBlocks_RoundTripsThroughAzurite()
    {
        var store = NewStore(out _);
        var pipeline = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("k1", ArtifactFixtures.NewKey())));
        var plaintext = RandomNumberGenerator.GetBytes(9 * 1024 * 1024);

        var manifest = await pipeline.WriteAsync("rec/1", new MemoryStream(plaintext), new ArtifactWriteSettings { Compression = ArtifactCompression.Zstd });

        Assert.Equal(plaintext, await pipeline.ReadAllAsync("rec/1", manifest));
        Assert.Equal(manifest.CiphertextBytes, await store.GetLengthAsync("rec/1/model.onnx.enc"));
        var keys = new List<string>();
        await foreach (var key in store.ListAsync("rec/"))
        {
            keys.Add(key);
        }

        Assert.Equal(["rec/1/manifest.json", "rec/1/model.key", "rec/1/model.onnx.enc"], keys.Order(StringComparer.Ordinal));
    }

    [AzuriteFact]
    public async Task Pipeline_WhenAByteOfTheBlobIsFlipped_FailsIntegrity()
    {
        var store = NewStore(out var container);
        var pipeline = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("k1", ArtifactFixtures.NewKey())));
        var manifest = await pipeline.WriteAsync("rec/2", new MemoryStream(RandomNumberGenerator.GetBytes(200_000)), new ArtifactWriteSettings());
        var blob = container.GetBlobClient("rec/2/model.onnx.enc");
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[SegmentedAesGcm.HeaderBytes + 7] ^= 0x80;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("rec/2", manifest));

        Assert.Equal("artifact integrity check failed: segment 0 does not authenticate (ciphertext modified)", e.Message);
    }

    [AzuriteFact]
    public async Task Write_WhenTheWriterFails_LeavesNoBlobAndKeepsThePreviousOne()
    {
        IArtifactStore store = NewStore(out _);
        await store.WriteAsync("x/blob", new byte[] { 1, 2, 3 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("x/blob", async (stream, token) =>
        {
            await stream.WriteAsync(new byte[5 * 1024 * 1024], token);
            throw new InvalidOperationException("writer failed");
        }));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAsync("x/missing"));

        Assert.Equal([1, 2, 3], await store.ReadAsync("x/blob"));
        Assert.Null(await store.GetLengthAsync("x/missing"));
    }

    [AzuriteFact]
    public async Task Rewrap_WhenRotatingOverBlobs_KeepsArtifactsReadableUnderTheNewKey()
    {
        var store = NewStore(out _);
        var oldKey = ArtifactFixtures.NewKey();
        var newKey = ArtifactFixtures.NewKey();
        var before = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("old", oldKey)));
        var manifest = await before.WriteAsync("rec/3", new MemoryStream([9, 8, 7]), new ArtifactWriteSettings());

        var both = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("old", oldKey), ("new", newKey)));
        Assert.Equal(1, await both.RewrapAllAsync("new"));

        var after = ArtifactFixtures.Pipeline(store, ArtifactFixtures.Keys(("new", newKey)));
        Assert.Equal([9, 8, 7], await after.ReadAllAsync("rec/3", manifest));
        Assert.Equal("new", (await after.ReadManifestAsync("rec/3")).KeyId);
    }

    [AzuriteFact]
    public async Task Silo_WhenConfiguredForAzureBlobAndConfiguredKeys_StoresInTheContainerAndServes()
    {
        using var dataDir = new TempDirectory("rec-blob-silo");
        var container = $"s{Guid.NewGuid():N}";
        var cluster = await RecCluster.StartAsync(dataDir.Path, silos: 1, new Dictionary<string, string>
        {
            ["Rec:Artifacts:Store"] = "AzureBlob",
            ["Rec:Artifacts:AzureBlob:ConnectionString"] = azurite.ConnectionString,
            ["Rec:Artifacts:AzureBlob:Container"] = container,
            ["Rec:Artifacts:Keys:LocalKeyFile"] = "false",
            ["Rec:Artifacts:Keys:Kek:vault-1"] = ArtifactFixtures.NewKey(),
        });
        try
        {
            var registry = cluster.Client.GetGrain<IModelRegistryGrain>("blob-model");
            var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = TinyModel.Artifact(), Config = TinyModel.Config(), Compression = ArtifactCompression.Zstd });
            var active = await registry.ActivateAsync(info.Version, "test");

            Assert.Equal(ModelVersionState.Active, active.State);
            Assert.Equal("vault-1", info.Manifest!.KeyId);
            var names = new List<string>();
            await foreach (var blob in azurite.Service.GetBlobContainerClient(container).GetBlobsAsync())
            {
                names.Add(blob.Name);
            }

            Assert.Equal(["blob-model/1/manifest.json", "blob-model/1/model.key", "blob-model/1/model.onnx.enc"], names.Order(StringComparer.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(dataDir.Path, "artifacts")));
            Assert.False(Directory.Exists(Path.Combine(dataDir.Path, "keys")));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private AzureBlobArtifactStore NewStore(out BlobContainerClient container)
    {
        container = AzureBlobArtifactStore.CreateContainerClient(new AzureBlobArtifactOptions
        {
            ConnectionString = azurite.ConnectionString,
            Container = $"t{Guid.NewGuid():N}",
        });
        return new AzureBlobArtifactStore(container);
    }
}

using System.Security.Cryptography;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>The stored format round-trips at every size and refuses each kind of damage with its own message.</summary>
public sealed class ArtifactPipelineTests : IDisposable
{
    private readonly TempDirectory _folder = new("rec-artifacts");
    private readonly LocalFolderArtifactStore _store;
    private readonly string _key = ArtifactFixtures.NewKey();

    public ArtifactPipelineTests() => _store = new LocalFolderArtifactStore(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0, ArtifactCompression.Gzip)]
    [InlineData(1, ArtifactCompression.Zstd)]
    [InlineData(1000, ArtifactCompression.Gzip)]
    [InlineData(4096, ArtifactCompression.Zstd)]
    [InlineData(300_000, ArtifactCompression.Gzip)]
    [InlineData(300_000, ArtifactCompression.Zstd)]
    public async Task RoundTrip_WhenSizesSpanSegments_ReturnsThePlaintextAndRecordsIt(int size, ArtifactCompression compression)
    {
        // 4 KiB segments: 0 and 1 byte are one (final) segment; 300 kB of random data is ~75 segments.
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var pipeline = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k1", _key)), segmentBytes: 4096);

        var manifest = await pipeline.WriteAsync("m/1", new MemoryStream(plaintext), new ArtifactWriteSettings { Compression = compression, CreatedBy = "test" });
        var read = await pipeline.ReadAllAsync("m/1", manifest);

        Assert.Equal(plaintext, read);
        Assert.Equal(size, manifest.PlaintextBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plaintext)), manifest.PlaintextSha256);
        var stored = await File.ReadAllBytesAsync(Path.Combine(_folder.Path, "m", "1", ArtifactPaths.CiphertextName));
        Assert.Equal(stored.LongLength, manifest.CiphertextBytes);
        Assert.Equal(SegmentedAesGcm.CiphertextLength(manifest.CompressedBytes, 4096), manifest.CiphertextBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), manifest.CiphertextSha256);
        Assert.Equal(("k1", compression, 4096, "test", ArtifactFixtures.Now), (manifest.KeyId, manifest.Compression, manifest.SegmentBytes, manifest.CreatedBy, manifest.CreatedAt));
        var storedManifest = await pipeline.ReadManifestAsync("m/1");
        Assert.Equal(manifest, storedManifest);
    }

    [Fact]
    public async Task RoundTrip_WhenArtifactIsOver100MB_StreamsBothWays()
    {
        const long size = 101L * 1024 * 1024;
        var pipeline = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k1", _key)));
        var source = new PseudoRandomStream(size, seed: 3);

        var manifest = await pipeline.WriteAsync("big/1", source, new ArtifactWriteSettings { Compression = ArtifactCompression.Zstd });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        await using (var plaintext = await pipeline.OpenReadAsync("big/1", manifest))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await plaintext.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                total += read;
            }
        }

        Assert.Equal(size, total);
        Assert.Equal(size, manifest.PlaintextBytes);
        Assert.Equal(source.Sha256Hex(), manifest.PlaintextSha256);
        Assert.Equal(manifest.PlaintextSha256, Convert.ToHexStringLower(sha.GetHashAndReset()));
        Assert.Equal(SegmentedAesGcm.CiphertextLength(manifest.CompressedBytes, SegmentedAesGcm.DefaultSegmentBytes), manifest.CiphertextBytes);
    }

    [Fact]
    public async Task Read_WhenOneStoredByteIsFlipped_FailsIntegrityNamingTheSegment()
    {
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        await MutateAsync(bytes => bytes[SegmentedAesGcm.HeaderBytes + 4096 + 16 + 100] ^= 0x01);

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.IntegrityCheckFailed, e.Failure);
        Assert.Equal("artifact integrity check failed: segment 1 does not authenticate (ciphertext modified)", e.Message);
    }

    [Fact]
    public async Task Read_WhenStoredFileIsTruncated_FailsIntegritySayingTruncated()
    {
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        await MutateAsync(bytes => bytes.AsSpan(0, bytes.Length - 4112).ToArray());

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.IntegrityCheckFailed, e.Failure);
        Assert.Equal($"artifact integrity check failed: the stored ciphertext is {manifest.CiphertextBytes - 4112} bytes but the manifest records {manifest.CiphertextBytes} (truncated)", e.Message);
    }

    [Fact]
    public async Task Read_WhenTruncatedAtASegmentBoundaryAndManifestAgrees_FailsSayingTheEndIsMissing()
    {
        // Even with a manifest rewritten to match, the segment before the cut was not sealed as the last one.
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        const int record = 4096 + 16;
        var kept = SegmentedAesGcm.HeaderBytes + (2 * record);
        await MutateAsync(bytes => bytes.AsSpan(0, kept).ToArray());

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest with { CiphertextBytes = kept }));

        Assert.Equal("artifact integrity check failed: the ciphertext ends after segment 1, which is not the final segment (truncated)", e.Message);
    }

    [Fact]
    public async Task Read_WhenTwoSegmentsAreSwapped_FailsSayingReordered()
    {
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        const int record = 4096 + 16;
        await MutateAsync(bytes =>
        {
            var first = bytes.AsSpan(SegmentedAesGcm.HeaderBytes, record).ToArray();
            bytes.AsSpan(SegmentedAesGcm.HeaderBytes + record, record).CopyTo(bytes.AsSpan(SegmentedAesGcm.HeaderBytes));
            first.CopyTo(bytes.AsSpan(SegmentedAesGcm.HeaderBytes + record));
        });

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.IntegrityCheckFailed, e.Failure);
        Assert.Equal("artifact integrity check failed: position 0 holds segment 1 (segments reordered)", e.Message);
    }

    [Fact]
    public async Task Read_WhenKeyIdIsUnknown_FailsWithUnknownKeyId()
    {
        var (_, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        var other = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k2", ArtifactFixtures.NewKey())), segmentBytes: 4096);

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => other.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.UnknownKeyId, e.Failure);
        Assert.Equal("unknown key id 'k1': this silo holds no key-encryption key with that id", e.Message);
    }

    [Fact]
    public async Task Read_WhenKeyWithTheIdIsWrong_FailsWithWrongKey()
    {
        var (_, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        var other = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k1", ArtifactFixtures.NewKey())), segmentBytes: 4096);

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => other.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.WrongKey, e.Failure);
        Assert.StartsWith("the key-encryption key 'k1' does not open this artifact's data key", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ArtifactCompression.Gzip)]
    [InlineData(ArtifactCompression.Zstd)]
    public async Task Read_WhenCompressedStreamIsCorrupt_FailsWithCorruptCompression(ArtifactCompression compression)
    {
        // Authentic ciphertext of bytes that are not a compressed stream: only the decompressor can notice.
        var pipeline = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k1", _key)), segmentBytes: 4096);
        var garbage = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var other = compression == ArtifactCompression.Gzip ? ArtifactCompression.Zstd : ArtifactCompression.Gzip;
        var manifest = await pipeline.WriteAsync("m/1", new MemoryStream(CompressedWith(other, garbage)), new ArtifactWriteSettings { Compression = other });
        var lying = manifest with { Compression = compression };

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", lying));

        Assert.Equal(ArtifactFailure.CorruptCompression, e.Failure);
        Assert.StartsWith($"artifact decompression failed: the decrypted data is not a valid {ArtifactCompressionStreams.Name(compression)} stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_WhenPlaintextDigestDiffersFromManifest_FailsIntegrity()
    {
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Zstd);

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest with { PlaintextSha256 = new string('0', 64) }));

        Assert.Equal("artifact integrity check failed: the plaintext SHA-256 does not match the manifest", e.Message);
    }

    [Fact]
    public async Task Read_WhenKeyEnvelopeIsMissing_FailsWithMissing()
    {
        var (pipeline, manifest) = await StoreAsync(ArtifactCompression.Gzip);
        File.Delete(Path.Combine(_folder.Path, "m", "1", ArtifactPaths.DataKeyName));

        var e = await Assert.ThrowsAsync<ModelArtifactException>(() => pipeline.ReadAllAsync("m/1", manifest));

        Assert.Equal(ArtifactFailure.Missing, e.Failure);
    }

    [Fact]
    public async Task Store_WhenWritten_HoldsNoKeyMaterialInManifestOrEnvelope()
    {
        var (_, _) = await StoreAsync(ArtifactCompression.Gzip);
        var manifest = await File.ReadAllTextAsync(Path.Combine(_folder.Path, "m", "1", ArtifactPaths.ManifestName));
        var envelope = await File.ReadAllTextAsync(Path.Combine(_folder.Path, "m", "1", ArtifactPaths.DataKeyName));

        Assert.DoesNotContain(_key, manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, envelope, StringComparison.Ordinal);
        Assert.DoesNotContain("wrapped", manifest, StringComparison.Ordinal);
        Assert.Contains("\"keyId\": \"k1\"", manifest, StringComparison.Ordinal);
    }

    private async Task<(ArtifactPipeline Pipeline, ArtifactManifest Manifest)> StoreAsync(ArtifactCompression compression)
    {
        var pipeline = ArtifactFixtures.Pipeline(_store, ArtifactFixtures.Keys(("k1", _key)), segmentBytes: 4096);
        // Random bytes do not compress: 20 kB make five or six segments of 4 KiB.
        var plaintext = RandomNumberGenerator.GetBytes(20_000);
        var manifest = await pipeline.WriteAsync("m/1", new MemoryStream(plaintext), new ArtifactWriteSettings { Compression = compression });
        return (pipeline, manifest);
    }

    private Task MutateAsync(Action<byte[]> change) => MutateAsync(bytes =>
    {
        change(bytes);
        return bytes;
    });

    private async Task MutateAsync(Func<byte[], byte[]> change)
    {
        var path = Path.Combine(_folder.Path, "m", "1", ArtifactPaths.CiphertextName);
        await File.WriteAllBytesAsync(path, change(await File.ReadAllBytesAsync(path)));
    }

    private static byte[] CompressedWith(ArtifactCompression compression, byte[] data)
    {
        using var output = new MemoryStream();
        using (var compress = ArtifactCompressionStreams.Compress(output, compression))
        {
            compress.Write(data);
        }

        return output.ToArray();
    }
}

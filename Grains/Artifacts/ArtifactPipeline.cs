using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Stores and opens artifacts: plaintext → SHA-256 → compress → encrypt (segmented AES-256-GCM under a fresh data key)
/// → SHA-256 → store, plus the wrapped data key and a manifest; and the reverse in memory, checking both digests.
/// Nothing here writes plaintext anywhere but into the caller's memory.
/// </summary>
public sealed class ArtifactPipeline(
    IArtifactStore store,
    IKeyEncryptionKeys keys,
    IOptions<ArtifactOptions> options,
    TimeProvider time,
    ILogger<ArtifactPipeline>? logger = null)
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private const int CopyBufferBytes = 1 << 16;

    private readonly ILogger _logger = logger ?? NullLogger<ArtifactPipeline>.Instance;

    public IArtifactStore Store => store;

    /// <summary>Compresses, encrypts and stores <paramref name="plaintext"/> (read to its end) under <paramref name="folder"/>.</summary>
    public async Task<ArtifactManifest> WriteAsync(string folder, Stream plaintext, ArtifactWriteSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(settings);
        var stopwatch = Stopwatch.StartNew();
        var segmentBytes = options.Value.SegmentBytes;
        var keyId = keys.ActiveKeyId;
        if (!keys.TryGetKey(keyId, out var kek))
        {
            throw new InvalidOperationException($"The active key-encryption key '{keyId}' is not available.");
        }

        var dataKey = RandomNumberGenerator.GetBytes(SegmentedAesGcm.KeyBytes);
        try
        {
            long plaintextBytes = 0, compressedBytes = 0, ciphertextBytes = 0;
            string plaintextSha = "", ciphertextSha = "";
            await store.WriteAsync(ArtifactPaths.Ciphertext(folder), async (output, token) =>
            {
                using var cipherHash = new HashingStream(output);
                using var encrypt = new SegmentedEncryptStream(cipherHash, dataKey, segmentBytes);
                using var plainHash = new HashingStream(plaintext);
                await using (var compress = ArtifactCompressionStreams.Compress(encrypt, settings.Compression))
                {
                    await plainHash.CopyToAsync(compress, CopyBufferBytes, token);
                }

                await encrypt.CompleteAsync(token);
                plaintextBytes = plainHash.Bytes;
                plaintextSha = plainHash.Sha256Hex();
                compressedBytes = encrypt.PlaintextBytes;
                ciphertextBytes = cipherHash.Bytes;
                ciphertextSha = cipherHash.Sha256Hex();
            }, cancellationToken);

            var envelope = DataKeyEnvelope.Wrap(dataKey, keyId, kek, folder);
            await store.WriteAsync(ArtifactPaths.DataKey(folder), envelope.ToJsonBytes(), cancellationToken);
            var manifest = new ArtifactManifest
            {
                FormatVersion = SegmentedAesGcm.FormatVersion,
                PlaintextBytes = plaintextBytes,
                PlaintextSha256 = plaintextSha,
                CompressedBytes = compressedBytes,
                CiphertextBytes = ciphertextBytes,
                CiphertextSha256 = ciphertextSha,
                Compression = settings.Compression,
                Quantization = settings.Quantization,
                Agreement = settings.Agreement,
                AgreementK = settings.AgreementK,
                KeyId = keyId,
                SegmentBytes = segmentBytes,
                CreatedBy = settings.CreatedBy,
                CreatedAt = time.GetUtcNow(),
                UploadedBytes = settings.UploadedBytes == 0 ? plaintextBytes : settings.UploadedBytes,
            };

            // The manifest goes last: its presence means the artifact is complete.
            await store.WriteAsync(ArtifactPaths.Manifest(folder), JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson), cancellationToken);
            ArtifactLog.Stored(_logger, folder, plaintextBytes, ciphertextBytes, ArtifactCompressionStreams.Name(settings.Compression), settings.Quantization, keyId, stopwatch.ElapsedMilliseconds);
            return manifest;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The manifest stored beside the artifact.</summary>
    public async Task<ArtifactManifest> ReadManifestAsync(string folder, CancellationToken cancellationToken = default)
    {
        byte[] json;
        try
        {
            json = await store.ReadAsync(ArtifactPaths.Manifest(folder), cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelArtifactException(ArtifactFailure.Missing, $"artifact manifest {ArtifactPaths.Manifest(folder)} is missing", e);
        }

        try
        {
            return JsonSerializer.Deserialize<ArtifactManifest>(json, ManifestJson)
                ?? throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, "the artifact manifest is empty");
        }
        catch (JsonException e)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, "the artifact manifest is not valid JSON", e);
        }
    }

    /// <summary>
    /// Opens the plaintext as a stream that checks the size and both digests against <paramref name="manifest"/> when
    /// it reaches its end (throwing <see cref="ModelArtifactException"/> there or earlier).
    /// </summary>
    public async Task<Stream> OpenReadAsync(string folder, ArtifactManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.FormatVersion != SegmentedAesGcm.FormatVersion)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, $"artifact format version {manifest.FormatVersion} is not supported (this silo reads version {SegmentedAesGcm.FormatVersion})");
        }

        byte[] envelopeJson;
        try
        {
            envelopeJson = await store.ReadAsync(ArtifactPaths.DataKey(folder), cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelArtifactException(ArtifactFailure.Missing, $"the wrapped data key {ArtifactPaths.DataKey(folder)} is missing", e);
        }

        var dataKey = DataKeyEnvelope.Parse(envelopeJson).Unwrap(keys, folder);
        try
        {
            var ciphertextKey = ArtifactPaths.Ciphertext(folder);
            var length = await store.GetLengthAsync(ciphertextKey, cancellationToken)
                ?? throw new ModelArtifactException(ArtifactFailure.Missing, $"the artifact ciphertext {ciphertextKey} is missing");
            if (length != manifest.CiphertextBytes)
            {
                throw new ModelArtifactException(
                    ArtifactFailure.IntegrityCheckFailed,
                    $"artifact integrity check failed: the stored ciphertext is {length} bytes but the manifest records {manifest.CiphertextBytes} ({(length < manifest.CiphertextBytes ? "truncated" : "extended")})");
            }

            var stored = await store.OpenReadAsync(ciphertextKey, cancellationToken);
            return new VerifyingArtifactStream(stored, dataKey, manifest);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Reads the whole plaintext into one array (the only copy), verified.</summary>
    public async Task<byte[]> ReadAllAsync(string folder, ArtifactManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.PlaintextBytes > Array.MaxLength)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, $"the artifact is {manifest.PlaintextBytes} bytes, more than one array can hold");
        }

        await using var stream = await OpenReadAsync(folder, manifest, cancellationToken);
        var plaintext = GC.AllocateUninitializedArray<byte>((int)manifest.PlaintextBytes);
        var read = await stream.ReadAtLeastAsync(plaintext, plaintext.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < plaintext.Length)
        {
            // The verifying stream has already thrown for a short plaintext; this is a guard.
            throw new ModelArtifactException(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: the plaintext is shorter than the manifest records");
        }

        // Reading past the end runs the final checks (digests, trailing data).
        var extra = new byte[1];
        if (await stream.ReadAsync(extra, cancellationToken) != 0)
        {
            throw new ModelArtifactException(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: the plaintext is longer than the manifest records");
        }

        return plaintext;
    }

    /// <summary>Re-wraps the data key of every stored artifact under <paramref name="newKeyId"/>; returns how many were re-wrapped.</summary>
    public async Task<int> RewrapAllAsync(string newKeyId, CancellationToken cancellationToken = default)
    {
        if (!keys.TryGetKey(newKeyId, out var newKek))
        {
            throw new ModelArtifactException(ArtifactFailure.UnknownKeyId, $"unknown key id '{newKeyId}'");
        }

        var rewrapped = 0;
        var envelopes = new List<string>();
        await foreach (var key in store.ListAsync("", cancellationToken))
        {
            if (key.EndsWith("/" + ArtifactPaths.DataKeyName, StringComparison.Ordinal))
            {
                envelopes.Add(key);
            }
        }

        foreach (var key in envelopes.Order(StringComparer.Ordinal))
        {
            var folder = key[..^(ArtifactPaths.DataKeyName.Length + 1)];
            var envelope = DataKeyEnvelope.Parse(await store.ReadAsync(key, cancellationToken));
            if (envelope.KeyId == newKeyId)
            {
                continue;
            }

            var dataKey = envelope.Unwrap(keys, folder);
            try
            {
                await store.WriteAsync(key, DataKeyEnvelope.Wrap(dataKey, newKeyId, newKek, folder).ToJsonBytes(), cancellationToken);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }

            if (await store.ExistsAsync(ArtifactPaths.Manifest(folder), cancellationToken))
            {
                var manifest = await ReadManifestAsync(folder, cancellationToken);
                await store.WriteAsync(ArtifactPaths.Manifest(folder), JsonSerializer.SerializeToUtf8Bytes(manifest with { KeyId = newKeyId }, ManifestJson), cancellationToken);
            }

            rewrapped++;
        }

        ArtifactLog.Rewrapped(_logger, rewrapped, newKeyId);
        return rewrapped;
    }
}

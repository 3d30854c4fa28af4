using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// The read side of the pipeline: stored ciphertext → SHA-256 → decrypt → decompress → SHA-256, with every failure
/// turned into a specific <see cref="ModelArtifactException"/> and the digests and sizes checked at the end.
/// </summary>
internal sealed class VerifyingArtifactStream : Stream
{
    private readonly Stream _stored;
    private readonly HashingStream _cipherHash;
    private readonly SegmentedDecryptStream _decrypt;
    private readonly Stream _decompress;
    private readonly ArtifactManifest _manifest;
    private readonly Hashing _plain = new();
    private bool _verified;
    private bool _trailing;

    public VerifyingArtifactStream(Stream stored, ReadOnlySpan<byte> dataKey, ArtifactManifest manifest)
    {
        _stored = stored;
        _manifest = manifest;
        _cipherHash = new HashingStream(stored);
        _decrypt = new SegmentedDecryptStream(_cipherHash, dataKey);
        _decompress = ArtifactCompressionStreams.Decompress(_decrypt, manifest.Compression);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _manifest.PlaintextBytes;

    public override long Position { get => _plain.Bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _decompress.Read(buffer);
        }
        catch (Exception e) when (ArtifactCompressionStreams.IsCorruptStream(e))
        {
            throw Corrupt(e);
        }

        return After(buffer[..read], read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _decompress.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (ArtifactCompressionStreams.IsCorruptStream(e))
        {
            throw Corrupt(e);
        }

        if (read == 0 && !_verified)
        {
            await DrainAsync(cancellationToken);
        }

        return After(buffer.Span[..read], read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decompress.Dispose();
            _decrypt.Dispose();
            _cipherHash.Dispose();
            _stored.Dispose();
            _plain.Dispose();
        }

        base.Dispose(disposing);
    }

    private int After(ReadOnlySpan<byte> data, int read)
    {
        _plain.Add(data);
        if (_plain.Bytes > _manifest.PlaintextBytes)
        {
            throw Integrity($"the plaintext is longer than the {_manifest.PlaintextBytes} bytes the manifest records");
        }

        if (read == 0 && !_verified)
        {
            Drain();
            Verify();
        }

        return read;
    }

    // The decompressor may stop at the end of its stream before the final segment was read: read (and so
    // authenticate) the rest; any bytes there are not part of the compressed stream.
    private void Drain()
    {
        if (!_decrypt.Finished)
        {
            var scratch = new byte[4096];
            while (_decrypt.Read(scratch) > 0)
            {
                _trailing = true;
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (!_decrypt.Finished)
        {
            var scratch = new byte[4096];
            while (await _decrypt.ReadAsync(scratch, cancellationToken) > 0)
            {
                _trailing = true;
            }
        }
    }

    private void Verify()
    {
        _verified = true;
        if (_trailing)
        {
            throw new ModelArtifactException(ArtifactFailure.CorruptCompression, $"artifact decompression failed: data follows the end of the {ArtifactCompressionStreams.Name(_manifest.Compression)} stream");
        }

        if (_plain.Bytes != _manifest.PlaintextBytes)
        {
            throw Integrity($"the plaintext is {_plain.Bytes} bytes but the manifest records {_manifest.PlaintextBytes}");
        }

        var cipherSha = _cipherHash.Sha256Hex();
        if (!string.Equals(cipherSha, _manifest.CiphertextSha256, StringComparison.Ordinal) || _cipherHash.Bytes != _manifest.CiphertextBytes)
        {
            throw Integrity("the ciphertext SHA-256 does not match the manifest");
        }

        if (!string.Equals(_plain.Sha256Hex(), _manifest.PlaintextSha256, StringComparison.Ordinal))
        {
            throw Integrity("the plaintext SHA-256 does not match the manifest");
        }
    }

    private ModelArtifactException Corrupt(Exception e) =>
        new(ArtifactFailure.CorruptCompression, $"artifact decompression failed: the decrypted data is not a valid {ArtifactCompressionStreams.Name(_manifest.Compression)} stream ({e.Message})", e);

    private static ModelArtifactException Integrity(string detail) =>
        new(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: " + detail);

    private sealed class Hashing : IDisposable
    {
        private readonly System.Security.Cryptography.IncrementalHash _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

        public long Bytes { get; private set; }

        public void Add(ReadOnlySpan<byte> data)
        {
            _hash.AppendData(data);
            Bytes += data.Length;
        }

        public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public void Dispose() => _hash.Dispose();
    }
}

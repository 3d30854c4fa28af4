using System.Security.Cryptography;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Write-only stream that encrypts into <see cref="SegmentedAesGcm"/> format. A full segment is held back until more
/// data arrives, because only then is it known not to be the last; <see cref="CompleteAsync"/> writes the final one.
/// Disposing without completing leaves an unfinished (unauthenticatable) ciphertext, never a shorter valid one.
/// </summary>
public sealed class SegmentedEncryptStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly byte[] _plain;
    private readonly byte[] _record;
    private readonly bool _leaveOpen;
    private int _filled;
    private long _index;
    private bool _headerWritten;
    private bool _completed;

    public SegmentedEncryptStream(Stream inner, ReadOnlySpan<byte> dataKey, int segmentBytes, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, SegmentedAesGcm.MinSegmentBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentBytes, SegmentedAesGcm.MaxSegmentBytes);
        _inner = inner;
        _aes = new AesGcm(dataKey, SegmentedAesGcm.TagBytes);
        _header = SegmentedAesGcm.Header(segmentBytes);
        _plain = new byte[segmentBytes];
        _record = new byte[segmentBytes + SegmentedAesGcm.TagBytes];
        _leaveOpen = leaveOpen;
    }

    /// <summary>Plaintext bytes written so far.</summary>
    public long PlaintextBytes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _plain.Length)
            {
                var length = Seal(last: false);
                WriteHeaderIfNeeded();
                _inner.Write(_record, 0, length);
            }

            var take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            PlaintextBytes += take;
            buffer = buffer[take..];
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _plain.Length)
            {
                var length = Seal(last: false);
                await WriteHeaderIfNeededAsync(cancellationToken);
                await _inner.WriteAsync(_record.AsMemory(0, length), cancellationToken);
            }

            var take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer.Span[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            PlaintextBytes += take;
            buffer = buffer[take..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Writes the final segment (possibly empty) and flushes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var length = Seal(last: true);
        await WriteHeaderIfNeededAsync(cancellationToken);
        await _inner.WriteAsync(_record.AsMemory(0, length), cancellationToken);
        await _inner.FlushAsync(cancellationToken);
        _completed = true;
    }

    public override void Flush()
    {
        // Segments are written whole; nothing is buffered that could be flushed without deciding "last".
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        _completed = true;
        base.Dispose(disposing);
    }

    private int Seal(bool last)
    {
        Span<byte> nonce = stackalloc byte[SegmentedAesGcm.NonceBytes];
        Span<byte> aad = stackalloc byte[SegmentedAesGcm.AssociatedDataBytes];
        SegmentedAesGcm.Nonce(nonce, _index);
        SegmentedAesGcm.AssociatedData(aad, _header, _index, last);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _filled), _record.AsSpan(0, _filled), _record.AsSpan(_filled, SegmentedAesGcm.TagBytes), aad);
        var length = _filled + SegmentedAesGcm.TagBytes;
        _index++;
        _filled = 0;
        return length;
    }

    private void WriteHeaderIfNeeded()
    {
        if (!_headerWritten)
        {
            _inner.Write(_header);
            _headerWritten = true;
        }
    }

    private async ValueTask WriteHeaderIfNeededAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            await _inner.WriteAsync(_header, cancellationToken);
            _headerWritten = true;
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Read-only stream that decrypts <see cref="SegmentedAesGcm"/> format one segment at a time (reading one record
/// ahead to know which segment is the last). Any failure is a <see cref="ModelArtifactException"/> that says whether
/// the ciphertext was modified, truncated or reordered.
/// </summary>
public sealed class SegmentedDecryptStream : Stream
{
    // How far a failing segment is compared against other positions to tell reordering from modification.
    private const int DiagnosisWindow = 1024;

    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly bool _leaveOpen;
    private byte[] _header = [];
    private byte[] _current = [];
    private byte[] _ahead = [];
    private byte[] _plain = [];
    private int _aheadLength;
    private int _plainOffset;
    private int _plainLength;
    private long _index;
    private bool _started;
    private bool _finished;

    public SegmentedDecryptStream(Stream inner, ReadOnlySpan<byte> dataKey, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _aes = new AesGcm(dataKey, SegmentedAesGcm.TagBytes);
        _leaveOpen = leaveOpen;
    }

    /// <summary>Segments authenticated so far.</summary>
    public long Segments => _index;

    /// <summary>Whether the final segment has been authenticated.</summary>
    public bool Finished => _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_plainOffset == _plainLength && !_finished)
        {
            NextAsync(useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return CopyOut(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_plainOffset == _plainLength && !_finished)
        {
            await NextAsync(useAsync: true, cancellationToken);
        }

        return CopyOut(buffer.Span);
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
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int CopyOut(Span<byte> buffer)
    {
        var take = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plain.AsSpan(_plainOffset, take).CopyTo(buffer);
        _plainOffset += take;
        return take;
    }

    private async ValueTask NextAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _header = new byte[SegmentedAesGcm.HeaderBytes];
            var got = await ReadFullAsync(_header, useAsync, cancellationToken);
            if (got < _header.Length)
            {
                throw Integrity(got == 0 ? "the stored blob is empty (truncated)" : "the stored blob ends inside its header (truncated)");
            }

            var segmentBytes = SegmentedAesGcm.ParseHeader(_header);
            _current = new byte[segmentBytes + SegmentedAesGcm.TagBytes];
            _ahead = new byte[segmentBytes + SegmentedAesGcm.TagBytes];
            _plain = new byte[segmentBytes];
            _aheadLength = await ReadFullAsync(_ahead, useAsync, cancellationToken);
            _started = true;
        }

        if (_aheadLength == 0)
        {
            throw Integrity(string.Create(CultureInfo.InvariantCulture, $"the ciphertext ends after segment {_index - 1} without a final segment (truncated)"));
        }

        (_current, _ahead) = (_ahead, _current);
        var length = _aheadLength;
        if (length < SegmentedAesGcm.TagBytes)
        {
            throw Integrity(string.Create(CultureInfo.InvariantCulture, $"segment {_index} is shorter than its authentication tag (truncated)"));
        }

        bool last;
        if (length < _current.Length)
        {
            last = true;
            _aheadLength = 0;
        }
        else
        {
            _aheadLength = await ReadFullAsync(_ahead, useAsync, cancellationToken);
            last = _aheadLength == 0;
        }

        var record = _current.AsSpan(0, length);
        if (!SegmentedAesGcm.TryDecrypt(_aes, _header, _index, last, record, _plain))
        {
            throw Diagnose(record, last);
        }

        _plainOffset = 0;
        _plainLength = length - SegmentedAesGcm.TagBytes;
        _index++;
        _finished = last;
    }

    private ModelArtifactException Diagnose(ReadOnlySpan<byte> record, bool last)
    {
        var scratch = new byte[record.Length];
        if (SegmentedAesGcm.TryDecrypt(_aes, _header, _index, !last, record, scratch))
        {
            return Integrity(last
                ? string.Create(CultureInfo.InvariantCulture, $"the ciphertext ends after segment {_index}, which is not the final segment (truncated)")
                : string.Create(CultureInfo.InvariantCulture, $"segment {_index} is the final segment but more data follows it (appended)"));
        }

        var from = Math.Max(0, _index - DiagnosisWindow);
        for (var other = from; other < _index + DiagnosisWindow; other++)
        {
            if (other == _index)
            {
                continue;
            }

            if (SegmentedAesGcm.TryDecrypt(_aes, _header, other, false, record, scratch) || SegmentedAesGcm.TryDecrypt(_aes, _header, other, true, record, scratch))
            {
                return Integrity(string.Create(CultureInfo.InvariantCulture, $"position {_index} holds segment {other} (segments reordered)"));
            }
        }

        return Integrity(string.Create(CultureInfo.InvariantCulture, $"segment {_index} does not authenticate (ciphertext modified)"));
    }

    private static ModelArtifactException Integrity(string detail) =>
        new(ArtifactFailure.IntegrityCheckFailed, "artifact integrity check failed: " + detail);

    private async ValueTask<int> ReadFullAsync(byte[] buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await _inner.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
            : _inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}

using System.Buffers.Binary;
using Azure.Storage.Blobs.Specialized;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Write-only stream that stages fixed-size blocks of a block blob as it fills and commits the block list only in
/// <see cref="CommitAsync"/>; a writer that fails leaves uncommitted blocks, which Azure discards, and the previous
/// blob (if any) untouched.
/// </summary>
internal sealed class BlockUploadStream(BlockBlobClient blob, int blockBytes) : Stream
{
    private readonly byte[] _buffer = new byte[blockBytes];
    private readonly List<string> _blockIds = [];
    private int _filled;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                StageAsync(useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer.Span[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                await StageAsync(useAsync: true, cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Stages what is left and commits every staged block as the blob's content.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0 || _blockIds.Count == 0)
        {
            await StageAsync(useAsync: true, cancellationToken);
        }

        await blob.CommitBlockListAsync(_blockIds, cancellationToken: cancellationToken);
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task StageAsync(bool useAsync, CancellationToken cancellationToken)
    {
        // Block ids must all have the same length; a random prefix keeps concurrent writers' uncommitted blocks apart.
        Span<byte> raw = stackalloc byte[24];
        _instance.TryWriteBytes(raw);
        BinaryPrimitives.WriteInt64BigEndian(raw[16..], _blockIds.Count);
        var id = Convert.ToBase64String(raw);
        using var content = new MemoryStream(_buffer, 0, _filled, writable: false);
        if (useAsync)
        {
            await blob.StageBlockAsync(id, content, cancellationToken: cancellationToken);
        }
        else
        {
            blob.StageBlock(id, content, cancellationToken: cancellationToken);
        }

        _blockIds.Add(id);
        _filled = 0;
    }

    private readonly Guid _instance = Guid.NewGuid();
}

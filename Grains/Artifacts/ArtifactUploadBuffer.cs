namespace Orleans.Rec.Artifacts;

/// <summary>
/// Collects a streamed artifact's chunks in the version grain. With a known size it fills one exact array, so the
/// model is held once; otherwise it keeps the chunks and joins them once at the end.
/// </summary>
public sealed class ArtifactUploadBuffer
{
    private readonly byte[]? _exact;
    private readonly List<byte[]> _chunks = [];

    public ArtifactUploadBuffer(long? expectedBytes)
    {
        if (expectedBytes is long size)
        {
            if (size < 0 || size > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(expectedBytes), size, $"An artifact must be 0..{Array.MaxLength} bytes.");
            }

            _exact = GC.AllocateUninitializedArray<byte>((int)size);
        }
    }

    public long Length { get; private set; }

    /// <summary>Appends a chunk; false when it would exceed the announced size or what one array holds.</summary>
    public bool TryAppend(byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var limit = _exact?.LongLength ?? Array.MaxLength;
        if (Length + chunk.LongLength > limit)
        {
            return false;
        }

        if (_exact is not null)
        {
            chunk.CopyTo(_exact, Length);
        }
        else
        {
            _chunks.Add(chunk);
        }

        Length += chunk.Length;
        return true;
    }

    /// <summary>The whole artifact; null when an announced size was not reached.</summary>
    public byte[]? Complete()
    {
        if (_exact is not null)
        {
            return Length == _exact.LongLength ? _exact : null;
        }

        var all = GC.AllocateUninitializedArray<byte>((int)Length);
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(all, offset);
            offset += chunk.Length;
        }

        _chunks.Clear();
        return all;
    }
}

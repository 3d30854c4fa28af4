using System.Buffers.Binary;
using System.Security.Cryptography;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// The stored artifact format, version 1: a 12-byte header — <c>"RECA"</c>, format version (1 byte), 3 zero bytes,
/// plaintext bytes per segment (uint32 little-endian) — then segments of that many plaintext bytes (the last one
/// 0..that many), each AES-256-GCM ciphertext followed by its 16-byte tag. Segment <c>i</c> uses the nonce
/// <c>0x00000000 ‖ i</c> (uint64 big-endian; safe because every artifact has a fresh data key) and the associated
/// data <c>header ‖ i (uint64 big-endian) ‖ last (1 byte: 1 for the final segment, else 0)</c>, so a changed header,
/// reordered, dropped, duplicated or appended segments and truncation all fail authentication.
/// </summary>
public static class SegmentedAesGcm
{
    public const int FormatVersion = 1;
    public const int HeaderBytes = 12;
    public const int TagBytes = 16;
    public const int NonceBytes = 12;
    public const int KeyBytes = 32;
    public const int DefaultSegmentBytes = 64 * 1024;
    public const int MinSegmentBytes = 16;
    public const int MaxSegmentBytes = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "RECA"u8;

    /// <summary>The ciphertext size for a plaintext size.</summary>
    public static long CiphertextLength(long plaintextBytes, int segmentBytes)
    {
        var segments = Math.Max(1, (plaintextBytes + segmentBytes - 1) / segmentBytes);
        return HeaderBytes + plaintextBytes + (segments * TagBytes);
    }

    internal static byte[] Header(int segmentBytes)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        header[4] = FormatVersion;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)segmentBytes);
        return header;
    }

    /// <summary>Reads the segment size from a header, refusing unknown formats.</summary>
    internal static int ParseHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderBytes || !header[..4].SequenceEqual(Magic))
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, "artifact format not recognised: the stored blob does not start with the artifact header");
        }

        if (header[4] != FormatVersion || header[5] != 0 || header[6] != 0 || header[7] != 0)
        {
            throw new ModelArtifactException(ArtifactFailure.UnsupportedFormat, $"artifact format version {header[4]} is not supported (this silo reads version {FormatVersion})");
        }

        var segmentBytes = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (segmentBytes is < MinSegmentBytes or > MaxSegmentBytes)
        {
            throw new ModelArtifactException(ArtifactFailure.IntegrityCheckFailed, $"artifact integrity check failed: the header's segment size {segmentBytes} is out of range");
        }

        return (int)segmentBytes;
    }

    internal static void Nonce(Span<byte> nonce, long index)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], (ulong)index);
    }

    internal static void AssociatedData(Span<byte> aad, ReadOnlySpan<byte> header, long index, bool last)
    {
        header.CopyTo(aad);
        BinaryPrimitives.WriteUInt64BigEndian(aad[HeaderBytes..], (ulong)index);
        aad[HeaderBytes + 8] = last ? (byte)1 : (byte)0;
    }

    internal const int AssociatedDataBytes = HeaderBytes + 9;

    internal static bool TryDecrypt(AesGcm aes, ReadOnlySpan<byte> header, long index, bool last, ReadOnlySpan<byte> record, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        Span<byte> aad = stackalloc byte[AssociatedDataBytes];
        Nonce(nonce, index);
        AssociatedData(aad, header, index, last);
        var cipherLength = record.Length - TagBytes;
        try
        {
            aes.Decrypt(nonce, record[..cipherLength], record[cipherLength..], plaintext[..cipherLength], aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext[..cipherLength].Clear();
            return false;
        }
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Orleans.Rec.Storage;

/// <summary>
/// One record of a <see cref="LogStore"/> segment, as it was read back. <see cref="Payload"/> may point into a
/// reader's buffer: copy it before the next read.
/// </summary>
internal readonly record struct LogRecord(long Offset, int Length, bool Deleted, long Sequence, string Key, ReadOnlyMemory<byte> Payload)
{
    // [u32 body length][u32 CRC-32 of body] then the body: [u8 kind][i64 sequence][u16 key length][key][payload].
    public const int HeaderBytes = 8;
    public const int MaxKeyBytes = ushort.MaxValue;
    private const int FixedBodyBytes = 1 + 8 + 2;
    private const byte PutKind = 1;
    private const byte DeleteKind = 2;

    public static int SizeOf(int keyBytes, int payloadBytes) => HeaderBytes + FixedBodyBytes + keyBytes + payloadBytes;

    /// <summary>Frames a record into <paramref name="destination"/>, which holds exactly <see cref="SizeOf"/> bytes.</summary>
    public static void Write(Span<byte> destination, bool deleted, long sequence, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        var body = destination[HeaderBytes..];
        body[0] = deleted ? DeleteKind : PutKind;
        BinaryPrimitives.WriteInt64LittleEndian(body[1..], sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(body[9..], checked((ushort)key.Length));
        key.CopyTo(body[FixedBodyBytes..]);
        payload.CopyTo(body[(FixedBodyBytes + key.Length)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.HashToUInt32(body));
    }

    /// <summary>The whole length of the record whose header is at the start of <paramref name="header"/>, or -1 when it cannot be one.</summary>
    public static int LengthFromHeader(ReadOnlySpan<byte> header)
    {
        var body = BinaryPrimitives.ReadInt32LittleEndian(header);
        return body < FixedBodyBytes || body > int.MaxValue - HeaderBytes ? -1 : HeaderBytes + body;
    }

    /// <summary>Parses a whole record; false when its checksum or framing is wrong (a torn or corrupt write).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> record, long offset, out LogRecord parsed)
    {
        parsed = default;
        var span = record.Span;
        if (span.Length < HeaderBytes + FixedBodyBytes || LengthFromHeader(span) != span.Length)
        {
            return false;
        }

        var body = span[HeaderBytes..];
        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(body[9..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) != Crc32.HashToUInt32(body)
            || body[0] is not (PutKind or DeleteKind)
            || FixedBodyBytes + keyLength > body.Length)
        {
            return false;
        }

        var payloadStart = HeaderBytes + FixedBodyBytes + keyLength;
        parsed = new LogRecord(
            offset,
            span.Length,
            body[0] == DeleteKind,
            BinaryPrimitives.ReadInt64LittleEndian(body[1..]),
            Encoding.UTF8.GetString(body.Slice(FixedBodyBytes, keyLength)),
            record[payloadStart..]);
        return true;
    }
}

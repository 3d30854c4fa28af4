using System.Text;

namespace Orleans.Rec.Storage;

/// <summary>
/// A record waiting for the writer: a grain's write (a <c>null</c> payload is a tombstone), or compaction's copy of
/// a live record (<see cref="CopyOf"/> is where it lies now; the copy only takes over if nothing newer did).
/// </summary>
internal sealed class LogWrite(string key, long sequence, ReadOnlyMemory<byte>? payload, LogEntry? copyOf = null)
{
    public string Key { get; } = key;

    public byte[] KeyBytes { get; } = Encoding.UTF8.GetBytes(key);

    public long Sequence { get; } = sequence;

    public ReadOnlyMemory<byte>? Payload { get; } = payload;

    public LogEntry? CopyOf { get; } = copyOf;

    public int Size => LogRecord.SizeOf(KeyBytes.Length, Payload?.Length ?? 0);

    /// <summary>Completes once the record's group is on disk and in the index.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

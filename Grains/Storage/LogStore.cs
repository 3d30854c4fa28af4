using System.Buffers;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Diagnostics;
using Orleans.Storage;

namespace Orleans.Rec.Storage;

/// <summary>
/// An append-only key/value log in segment files, the engine of <see cref="LogGrainStorage"/>. Writers queue
/// records; one writer thread appends everything queued as one write followed by one flush to disk (group commit),
/// then makes the records visible in the in-memory index and completes their writers. The index (key → newest
/// record) is rebuilt at open by scanning the segments; the record with the highest sequence number of a key wins,
/// so compaction may copy a record forward behind a newer one.
/// <para>
/// One instance per folder and process (<see cref="LogStoreRegistry"/>); a lock file keeps other processes out.
/// </para>
/// </summary>
internal sealed partial class LogStore : IDisposable
{
    private const string LockFileName = "LOCK";

    // A group is cut at this size so the buffer stays small; more queued writes go into the next group.
    private const int MaxGroupBytes = 4 << 20;

    private readonly LogGrainStorageOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly Channel<LogWrite> _queue;
    private readonly Thread _writer;

    // Guards the index, the pending sequence numbers and the segment list and counts.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LogEntry> _index = new(StringComparer.Ordinal);

    // The sequence number of each key's write that is queued but not yet on disk: the ETag the next write must carry.
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);

    // In id order; the last one is the active segment, the only one written to.
    private readonly List<LogSegment> _segments = [];

    // The last of _segments, kept apart so the writer reads it without the lock while compaction removes others.
    private volatile LogSegment _active;
    private long _nextSequence = 1;
    private long _syncs;
    private long _recordsWritten;
    private volatile bool _closing;

    private LogStore(string folder, LogGrainStorageOptions options, ILogger logger, FileStream lockFile)
    {
        Folder = folder;
        _options = options;
        _logger = logger;
        _lockFile = lockFile;
        _queue = Channel.CreateBounded<LogWrite>(new BoundedChannelOptions(options.MaxQueuedWrites)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _active = Recover();
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "rec-log-writer" };
        _writer.Start();
    }

    public string Folder { get; }

    /// <summary>Flushes to disk so far: one per group of writes.</summary>
    internal long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Records appended so far (grain writes, tombstones and compaction's copies).</summary>
    internal long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    internal IReadOnlyList<LogSegment> Segments
    {
        get
        {
            lock (_gate)
            {
                return [.. _segments];
            }
        }
    }

    /// <summary>Opens the folder (created if missing), taking its lock file and rebuilding the index.</summary>
    public static LogStore Open(string folder, LogGrainStorageOptions options, ILogger logger)
    {
        DurableFile.CreateFolder(folder);
        var lockPath = Path.Combine(folder, LockFileName);
        FileStream? lockFile = null;
        try
        {
            // A POSIX record lock (fcntl), which the kernel drops when the process dies. Not FileShare.None, which
            // .NET turns into an exclusive flock that refuses even a tool reading the folder (macOS has no other).
            var macOS = OperatingSystem.IsMacOS();
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, macOS ? FileShare.None : FileShare.ReadWrite);
            if (!OperatingSystem.IsMacOS())
            {
                lockFile.Lock(0, 1);
            }
        }
        catch (IOException e)
        {
            lockFile?.Dispose();
            throw new InvalidOperationException(
                $"The profile store folder '{folder}' is in use by another process (it holds '{lockPath}'); a data folder belongs to one silo process.", e);
        }

        try
        {
            return new LogStore(folder, options, logger, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public static string ETagOf(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the log has (or is writing) a record of the key; if not, its state may be in the legacy files.</summary>
    public bool Knows(string key)
    {
        lock (_gate)
        {
            return _index.ContainsKey(key) || _pending.ContainsKey(key);
        }
    }

    /// <summary>
    /// The newest synced record of a key: false when the log has none; true with a <c>null</c> payload when the
    /// key was cleared.
    /// </summary>
    public bool TryRead(string key, out ReadOnlyMemory<byte>? payload, out string? etag)
    {
        for (var attempt = 1; ; attempt++)
        {
            LogEntry entry;
            lock (_gate)
            {
                if (!_index.TryGetValue(key, out entry))
                {
                    payload = null;
                    etag = null;
                    return false;
                }
            }

            if (entry.Deleted)
            {
                payload = null;
                etag = null;
                return true;
            }

            var bytes = new byte[entry.Length];
            try
            {
                RandomAccess.Read(entry.Segment.Handle, bytes, entry.Offset);
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                // Compaction moved the record and closed its segment in between: look it up again.
                continue;
            }

            if (!LogRecord.TryParse(bytes, entry.Offset, out var record) || record.Key != key || record.Sequence != entry.Sequence)
            {
                throw new InvalidDataException($"The record of '{key}' at {entry.Segment.Path}:{entry.Offset} is corrupt.");
            }

            payload = record.Payload;
            etag = ETagOf(entry.Sequence);
            return true;
        }
    }

    /// <summary>
    /// Appends a record of the key (a <c>null</c> payload clears it) once <paramref name="expectedETag"/> matches
    /// the key's newest record (or <paramref name="legacyETag"/> for a key the log has never seen); completes when
    /// the record is on disk, with its ETag. Waits while the queue is full.
    /// </summary>
    public async Task<string> AppendAsync(string key, string? expectedETag, string? legacyETag, ReadOnlyMemory<byte>? payload)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (Encoding.UTF8.GetByteCount(key) > LogRecord.MaxKeyBytes)
        {
            throw new ArgumentException($"Log storage '{Folder}': a key may have at most {LogRecord.MaxKeyBytes} bytes of UTF-8.", nameof(key));
        }

        LogWrite write;
        lock (_gate)
        {
            var current = _pending.TryGetValue(key, out var pending) ? ETagOf(pending)
                : _index.TryGetValue(key, out var entry) ? (entry.Deleted ? null : ETagOf(entry.Sequence))
                : legacyETag;

            // Like the file storage, clearing what is not there is no conflict.
            if (current != expectedETag && !(payload is null && current is null))
            {
                throw new InconsistentStateException(
                    $"Log storage '{Folder}': state of {key} changed (stored ETag {current ?? "none"}, grain has {expectedETag ?? "none"}).",
                    current, expectedETag);
            }

            write = new LogWrite(key, _nextSequence++, payload);
            _pending[key] = write.Sequence;
        }

        try
        {
            await _queue.Writer.WriteAsync(write);
        }
        catch (ChannelClosedException e)
        {
            ForgetPending(write);
            throw new ObjectDisposedException($"Log storage '{Folder}' is closed.", e);
        }

        await write.Done.Task;
        return ETagOf(write.Sequence);
    }

    /// <summary>Stops taking writes, lets the writer finish what is queued, and closes the files and the lock.</summary>
    public void Dispose()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        WaitForCompaction();
        _queue.Writer.TryComplete();
        _writer.Join();
        WaitForCompaction();
        _compacting.Dispose();
        lock (_gate)
        {
            foreach (var segment in _segments)
            {
                segment.Handle.Dispose();
            }
        }

        _lockFile.Dispose();
    }

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        var group = new List<LogWrite>();
        var buffer = new ArrayBufferWriter<byte>(MaxGroupBytes);

        // A dedicated thread: it blocks in write and fsync, which would otherwise hold a pool thread for milliseconds.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            buffer.ResetWrittenCount();
            while (buffer.WrittenCount < MaxGroupBytes && reader.TryRead(out var write))
            {
                var size = write.Size;
                LogRecord.Write(buffer.GetSpan(size)[..size], write.Payload is null, write.Sequence, write.KeyBytes, write.Payload.GetValueOrDefault().Span);
                buffer.Advance(size);
                group.Add(write);
            }

            Commit(group, buffer.WrittenSpan);
            MaybeCompact();
        }
    }

    private void Commit(List<LogWrite> group, ReadOnlySpan<byte> bytes)
    {
        var segment = _active;
        var start = segment.Length;
        try
        {
            if (start > 0 && start + bytes.Length > _options.SegmentBytes)
            {
                segment = Roll();
                start = 0;
            }

            RandomAccess.Write(segment.Handle, bytes, start);
            if (_options.Sync)
            {
                RandomAccess.FlushToDisk(segment.Handle);
                Interlocked.Increment(ref _syncs);
            }
        }
        catch (Exception e)
        {
            // Never let the writer thread die: the group fails, the next one is tried afresh.
            Fail(group, segment, start, e);
            return;
        }

        lock (_gate)
        {
            segment.Length = start + bytes.Length;
            var offset = start;
            foreach (var write in group)
            {
                Apply(write, new LogEntry(segment, offset, write.Size, write.Sequence, write.Payload is null));
                offset += write.Size;
            }
        }

        Interlocked.Add(ref _recordsWritten, group.Count);
        foreach (var write in group)
        {
            write.Done.TrySetResult();
        }
    }

    private LogSegment Roll()
    {
        var next = LogSegment.Open(Folder, _active.Id + 1);
        lock (_gate)
        {
            _segments.Add(next);
            _active = next;
        }

        return next;
    }

    private void Apply(LogWrite write, LogEntry entry)
    {
        var key = write.Key;
        if (write.CopyOf is { } old)
        {
            // Compaction's copy takes over only if no newer write replaced the record meanwhile.
            if (_index.TryGetValue(key, out var current) && current == old)
            {
                old.Segment.LiveBytes -= old.Length;
                _index[key] = entry;
                entry.Segment.LiveBytes += entry.Length;
            }

            return;
        }

        if (_pending.TryGetValue(key, out var pending) && pending == write.Sequence)
        {
            _pending.Remove(key);
        }

        if (_index.TryGetValue(key, out var existing))
        {
            if (existing.Sequence > write.Sequence)
            {
                return;
            }

            existing.Segment.LiveBytes -= existing.Length;
        }

        _index[key] = entry;
        entry.Segment.LiveBytes += entry.Length;
    }

    private void Fail(List<LogWrite> group, LogSegment segment, long start, Exception error)
    {
        RecLog.LogWriteFailed(_logger, error, Folder, group.Count);
        try
        {
            // Cut what part of the group reached the file, so no unacknowledged record is found at the next open.
            RandomAccess.SetLength(segment.Handle, start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            RecLog.LogWriteFailed(_logger, e, Folder, 0);
        }

        foreach (var write in group)
        {
            ForgetPending(write);
            write.Done.TrySetException(new IOException($"Log storage '{Folder}': the write failed.", error));
        }
    }

    private void ForgetPending(LogWrite write)
    {
        lock (_gate)
        {
            if (write.CopyOf is null && _pending.TryGetValue(write.Key, out var pending) && pending == write.Sequence)
            {
                _pending.Remove(write.Key);
            }
        }
    }
}

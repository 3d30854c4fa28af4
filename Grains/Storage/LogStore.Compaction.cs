using System.Threading.Channels;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Storage;

/// <summary>
/// Compaction: once the log as a whole is under <see cref="LogGrainStorageOptions.CompactBelowLiveShare"/> live, the
/// emptiest sealed segment under that share has its live records copied to the active segment through the writer
/// (so they are synced like any write), then is deleted. A grain write racing with it wins: a copy only replaces the
/// index entry it was made from.
/// </summary>
internal sealed partial class LogStore
{
    private readonly SemaphoreSlim _compacting = new(1, 1);
    private volatile Task _compaction = Task.CompletedTask;

    /// <summary>Copies the segment's live records forward and deletes it; false when it is the active one or already gone.</summary>
    internal async Task<bool> CompactAsync(LogSegment segment)
    {
        await _compacting.WaitAsync();
        try
        {
            lock (_gate)
            {
                if (!_segments.Contains(segment) || segment == _active)
                {
                    return false;
                }
            }

            var copies = LiveRecordsOf(segment);
            await CopyForwardAsync(copies);
            return DropIfDead(segment);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ChannelClosedException or ObjectDisposedException)
        {
            RecLog.LogCompactionFailed(_logger, e, segment.Path);
            return false;
        }
        finally
        {
            _compacting.Release();
        }
    }

    /// <summary>The segment's records the index still points at, read into copies that keep their sequence numbers.</summary>
    internal List<LogWrite> LiveRecordsOf(LogSegment segment)
    {
        // At most a share of one segment: a sealed segment is compacted only when under half of it is live.
        var copies = new List<LogWrite>();
        foreach (var record in segment.Scan((_, _) => { }))
        {
            lock (_gate)
            {
                if (!_index.TryGetValue(record.Key, out var entry) || entry.Segment != segment || entry.Offset != record.Offset)
                {
                    continue;
                }

                copies.Add(new LogWrite(record.Key, record.Sequence, record.Deleted ? null : record.Payload.ToArray(), entry));
            }
        }

        return copies;
    }

    internal async Task CopyForwardAsync(IReadOnlyList<LogWrite> copies)
    {
        foreach (var copy in copies)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            await _queue.Writer.WriteAsync(copy);
        }

        await Task.WhenAll(copies.Select(c => c.Done.Task));
    }

    /// <summary>Deletes a sealed segment once nothing in the index points into it.</summary>
    internal bool DropIfDead(LogSegment segment)
    {
        long length;
        lock (_gate)
        {
            if (segment.LiveBytes != 0 || segment == _active || !_segments.Remove(segment))
            {
                return false;
            }

            length = segment.Length;
        }

        // A read that looked the record up before the move retries when it finds the handle closed.
        segment.Handle.Dispose();
        File.Delete(segment.Path);

        // Synced so the deleted segment does not come back after a power cut.
        DurableFile.SyncFolder(Folder);
        RecLog.LogSegmentCompacted(_logger, segment.Path, length);
        return true;
    }

    /// <summary>Starts compacting in the background when a segment qualifies, unless a compaction is running.</summary>
    private void MaybeCompact()
    {
        if (_options.CompactBelowLiveShare > 0 && !_closing && _compaction.IsCompleted && NextToCompact() is not null)
        {
            _compaction = Task.Run(CompactWhileNeededAsync);
        }
    }

    /// <summary>One segment after another until none qualifies (or one fails: the next group of writes tries again).</summary>
    private async Task CompactWhileNeededAsync()
    {
        while (!_closing && NextToCompact() is { } segment)
        {
            if (!await CompactAsync(segment))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The emptiest sealed segment under the share, once the log as a whole is under it: while every key is being
    /// rewritten (a checkpoint after another) the older segments are still emptying by themselves, and copying them
    /// early is wasted.
    /// </summary>
    private LogSegment? NextToCompact()
    {
        var share = _options.CompactBelowLiveShare;
        lock (_gate)
        {
            if (_segments.Sum(s => s.LiveBytes) >= _segments.Sum(s => s.Length) * share)
            {
                return null;
            }

            return _segments.Take(_segments.Count - 1)
                .Where(s => s.Length > 0 && s.LiveBytes < s.Length * share)
                .MinBy(s => (double)s.LiveBytes / s.Length);
        }
    }

    /// <summary>
    /// Waits for a running compaction: before the writer stops, so one waiting on its copies finishes (a new one
    /// stops at its first copy, as the store is closing); again after, for one started in between.
    /// </summary>
    private void WaitForCompaction() => _compaction.GetAwaiter().GetResult();
}

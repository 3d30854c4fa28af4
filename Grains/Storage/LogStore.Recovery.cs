using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Storage;

/// <summary>
/// Opening: the segments are scanned in order and every record indexed (the highest sequence number of a key wins).
/// A segment whose records stop reading back at some offset is cut there, and the bytes from that offset on are
/// moved to a quarantine file beside it, never deleted; later segments are read as usual.
/// </summary>
internal sealed partial class LogStore
{
    private readonly List<LogQuarantine> _quarantined = [];

    /// <summary>Segment tails this store moved to quarantine when it opened.</summary>
    public IReadOnlyList<LogQuarantine> Quarantined => _quarantined;

    /// <summary>Rebuilds the index from the segments, quarantining unreadable tails; returns the active segment.</summary>
    private LogSegment Recover()
    {
        var ids = Directory.EnumerateFiles(Folder, "*" + LogSegment.Extension).Select(LogSegment.IdOf).OfType<int>().Order().ToList();
        foreach (var id in ids)
        {
            var segment = LogSegment.Open(Folder, id);
            _segments.Add(segment);
            var validEnd = 0L;
            var incomplete = false;
            foreach (var record in segment.Scan((end, ranPastEnd) => (validEnd, incomplete) = (end, ranPastEnd)))
            {
                Index(segment, record);
            }

            if (validEnd < segment.Length)
            {
                _quarantined.Add(Quarantine(segment, validEnd, newest: id == ids[^1], incomplete));
            }
        }

        if (_segments.Count == 0)
        {
            _segments.Add(LogSegment.Open(Folder, 1));
        }

        RecLog.LogOpened(_logger, Folder, _index.Count, _segments.Count);
        return _segments[^1];
    }

    /// <summary>
    /// Moves the segment's bytes from <paramref name="offset"/> to its end into a quarantine file (written and synced
    /// first), then cuts the segment there: a crash in between leaves the bytes in both, and the next open writes the
    /// same quarantine file again.
    /// </summary>
    private LogQuarantine Quarantine(LogSegment segment, long offset, bool newest, bool incomplete)
    {
        var bytes = segment.Length - offset;
        var tail = new byte[bytes];
        var read = 0;
        while (read < tail.Length)
        {
            var n = RandomAccess.Read(segment.Handle, tail.AsSpan(read), offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        // Only the newest segment is written to, and only its last group can be unfinished by a crash: an incomplete
        // record there, or zeros a power cut left in place of the data, was never acknowledged.
        var torn = newest && (incomplete || !tail.AsSpan(0, read).ContainsAnyExcept((byte)0));
        var path = $"{segment.Path}.{offset}{LogQuarantine.Extension}";
        DurableFile.Write(path, stream => stream.Write(tail, 0, read));
        RandomAccess.SetLength(segment.Handle, offset);
        RandomAccess.FlushToDisk(segment.Handle);
        segment.Length = offset;

        var quarantine = new LogQuarantine(path, segment.Path, offset, bytes, torn);
        RecMetrics.LogQuarantined.Add(1, new KeyValuePair<string, object?>("kind", torn ? "torn" : "corrupt"));
        if (torn)
        {
            RecLog.LogTornTailQuarantined(_logger, segment.Path, offset, bytes, path);
        }
        else
        {
            RecLog.LogCorruptTailQuarantined(_logger, segment.Path, offset, bytes, path);
        }

        return quarantine;
    }

    private void Index(LogSegment segment, LogRecord record)
    {
        _nextSequence = Math.Max(_nextSequence, record.Sequence + 1);
        if (_index.TryGetValue(record.Key, out var current))
        {
            if (current.Sequence >= record.Sequence)
            {
                return;
            }

            current.Segment.LiveBytes -= current.Length;
        }

        _index[record.Key] = new LogEntry(segment, record.Offset, record.Length, record.Sequence, record.Deleted);
        segment.LiveBytes += record.Length;
    }
}

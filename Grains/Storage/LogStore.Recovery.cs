using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Storage;

/// <summary>
/// Opening: the segments are scanned in order and every record indexed (the highest sequence number of a key wins);
/// a segment that ends in a torn or corrupt record is cut back to its last whole one.
/// </summary>
internal sealed partial class LogStore
{
    /// <summary>Rebuilds the index from the segments, cutting off torn tails; returns the active segment.</summary>
    private LogSegment Recover()
    {
        var ids = Directory.EnumerateFiles(Folder, "*" + LogSegment.Extension).Select(LogSegment.IdOf).OfType<int>().Order().ToList();
        foreach (var id in ids)
        {
            var segment = LogSegment.Open(Folder, id);
            _segments.Add(segment);
            var validEnd = 0L;
            foreach (var record in segment.Scan(end => validEnd = end))
            {
                Index(segment, record);
            }

            if (validEnd < segment.Length)
            {
                // A write torn by a crash (its group was never acknowledged) or a damaged tail.
                RecLog.LogTailTruncated(_logger, segment.Path, validEnd, segment.Length - validEnd);
                RandomAccess.SetLength(segment.Handle, validEnd);
                segment.Length = validEnd;
            }
        }

        if (_segments.Count == 0)
        {
            _segments.Add(LogSegment.Open(Folder, 1));
        }

        RecLog.LogOpened(_logger, Folder, _index.Count, _segments.Count);
        return _segments[^1];
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

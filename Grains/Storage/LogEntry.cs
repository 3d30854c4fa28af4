namespace Orleans.Rec.Storage;

/// <summary>Where the newest record of one key lies; its sequence number is the key's ETag.</summary>
internal readonly record struct LogEntry(LogSegment Segment, long Offset, int Length, long Sequence, bool Deleted);

namespace Orleans.Rec.Storage;

/// <summary>Settings of the log-structured profile store (<c>Rec:Storage:Log</c>).</summary>
public sealed class LogGrainStorageOptions
{
    public const string SectionName = "Rec:Storage:Log";

    /// <summary>A segment file is sealed and a new one started once it holds this many bytes.</summary>
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>Writes waiting for the writer at most; further writers wait (back-pressure).</summary>
    public int MaxQueuedWrites { get; set; } = 16_384;

    /// <summary>
    /// Whether each group of writes is flushed to disk (fdatasync) before the writes complete. Off, a crash of the
    /// machine (not of the process) can lose the last groups.
    /// </summary>
    public bool Sync { get; set; } = true;

    /// <summary>
    /// Once the live records are below this share of the log's bytes, the emptiest sealed segment below it is
    /// compacted (so the log stays within about live bytes / share); 0 turns compaction off.
    /// </summary>
    public double CompactBelowLiveShare { get; set; } = 0.5;

    /// <summary>Every problem with these settings, each naming its key.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SegmentBytes is < 64 << 10 or > 1L << 30)
        {
            problems.Add($"{SectionName}:SegmentBytes must be 64 KiB..1 GiB (is {SegmentBytes}).");
        }

        if (MaxQueuedWrites is < 1 or > 1_000_000)
        {
            problems.Add($"{SectionName}:MaxQueuedWrites must be 1..1000000 (is {MaxQueuedWrites}).");
        }

        if (CompactBelowLiveShare is < 0 or >= 1 || double.IsNaN(CompactBelowLiveShare))
        {
            problems.Add($"{SectionName}:CompactBelowLiveShare must be 0 (off) or above, and below 1 (is {CompactBelowLiveShare}).");
        }

        return problems;
    }
}

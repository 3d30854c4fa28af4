namespace Orleans.Rec.Inference;

/// <summary>One request waiting in a <see cref="DynamicBatcher"/>: model indices of its history and how many items it wants.</summary>
internal sealed class BatchItem(long[] history, int want, DateTimeOffset? deadline, long enqueuedAt)
{
    public long[] History { get; } = history;

    public int Want { get; } = want;

    public DateTimeOffset? Deadline { get; } = deadline;

    /// <summary>When it was queued, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    public TaskCompletionSource<RankedRow> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace Orleans.Rec.Monitoring;

/// <summary>
/// The rate of a cumulative figure (CPU seconds, GC pause seconds) over the recent past, from the reads taken of it:
/// over the span since the newest earlier read at least <c>minimum</c> old (or the oldest kept, while none is that
/// old). Reads may come at any pace from several callers; the span stays at least <c>minimum</c> once reads have
/// gone on that long, so a read right after another does not give a rate over a few milliseconds.
/// </summary>
public sealed class RecentRate(TimeSpan minimum)
{
    private readonly Queue<(DateTimeOffset At, double Value)> _reads = new();
    private readonly Lock _lock = new();

    /// <summary>Records a read and returns the rate per second since the earlier read chosen; null on the first read or with no time between.</summary>
    public double? Add(DateTimeOffset at, double value)
    {
        lock (_lock)
        {
            _reads.Enqueue((at, value));
            while (_reads.Count > 2 && at - _reads.ElementAt(1).At >= minimum)
            {
                _reads.Dequeue();
            }

            var (from, start) = _reads.Peek();
            var seconds = (at - from).TotalSeconds;
            return seconds > 0 ? Math.Max(0, value - start) / seconds : null;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Orleans.Rec.Bench.Kafka;

/// <summary>
/// Samples the runtime's allocation ticks (one per ~100 KB allocated, with the type that crossed the mark) in this
/// process, so a benchmark can say which types its allocations are. <c>kafka-ingest --allocations</c> prints the top ones.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _exceptions = new(StringComparer.Ordinal);

    public AllocationSampler() => AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
    {
        if (Enabled)
        {
            _exceptions.AddOrUpdate($"{e.Exception.GetType().Name}: {e.Exception.Message[..Math.Min(120, e.Exception.Message.Length)]}", 1, (_, n) => n + 1);
        }
    };

    public bool Enabled { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Enabled || e.EventId != AllocationTickEventId || e.PayloadNames is null)
        {
            return;
        }

        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(int top)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"allocation samples: {total / 1e6:F0} MB sampled; top types:");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"  {bytes * 100.0 / total,5:F1}%  {type}");
        }

        Console.WriteLine($"exceptions thrown: {_exceptions.Values.Sum()}");
        foreach (var (what, n) in _exceptions.OrderByDescending(p => p.Value).Take(10))
        {
            Console.WriteLine($"  {n,8}  {what}");
        }
    }
}

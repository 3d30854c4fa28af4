using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class DynamicBatcherTests
{
    private readonly List<int> _batchSizes = [];

    private void Record(List<BatchItem> batch)
    {
        lock (_batchSizes)
        {
            _batchSizes.Add(batch.Count);
        }

        foreach (var item in batch)
        {
            item.Completion.TrySetResult(new RankedRow(item.History, [.. item.History.Select(h => (float)h)]));
        }
    }

    private int[] Sizes()
    {
        lock (_batchSizes)
        {
            return [.. _batchSizes];
        }
    }

    [Fact]
    public async Task Submit_WhenBatchFillsBeforeTheDelay_RunsOneFullBatch()
    {
        var time = new FakeTimeProvider();
        var settings = new BatchingConfig { MaxBatchSize = 4, MaxQueueDelay = TimeSpan.FromHours(1), Instances = 1 };
        using var batcher = new DynamicBatcher(settings, 1, Record, time);

        var tasks = Enumerable.Range(1, 4).Select(i => batcher.SubmitAsync([i], 1, null)).ToArray();
        var rows = await Task.WhenAll(tasks);

        Assert.Equal([4], Sizes());
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Indices[0]));
    }

    [Fact]
    public async Task Submit_WhenBatchNotFull_ClosesItAtTheQueueDelayNotBefore()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var closedAt = new List<DateTimeOffset>();
        var settings = new BatchingConfig { MaxBatchSize = 100, MaxQueueDelay = TimeSpan.FromSeconds(10), Instances = 1 };
        using var batcher = new DynamicBatcher(settings, 1, batch =>
        {
            lock (closedAt)
            {
                closedAt.Add(time.GetUtcNow());
            }

            Record(batch);
        }, time);

        var tasks = Enumerable.Range(1, 3).Select(i => batcher.SubmitAsync([i], 1, null)).ToArray();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(Sizes());

        // The runner may still be entering its wait: keep moving time until the batch closes.
        var done = await Eventually.GetAsync(() => { time.Advance(TimeSpan.FromSeconds(1)); return Task.FromResult(tasks.All(t => t.IsCompleted)); }, d => d);

        Assert.True(done);
        Assert.Equal(3, Sizes().Sum());
        Assert.All(closedAt, at => Assert.True(at >= start + settings.MaxQueueDelay, $"a batch closed at {at - start}, before the queue delay"));
    }

    [Fact]
    public async Task Submit_WhenQueueFull_ShedsAtOnce()
    {
        using var running = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var settings = new BatchingConfig { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero, MaxQueueLength = 2, Instances = 1 };
        var shedCount = 0;
        using var batcher = new DynamicBatcher(settings, 1, batch =>
        {
            running.Release();
            release.Wait();
            Record(batch);
        }, TimeProvider.System, shed: () => shedCount++);

        var first = batcher.SubmitAsync([1], 1, null);
        await running.WaitAsync();
        var queued = new[] { batcher.SubmitAsync([2], 1, null), batcher.SubmitAsync([3], 1, null) };

        var shed = batcher.SubmitAsync([4], 1, null);

        Assert.True(shed.IsCompletedSuccessfully);
        var refused = await shed;
        Assert.Equal((InferenceRefusal.Overloaded, 0), (refused.Refusal, refused.Indices.Length));
        Assert.Equal(1, shedCount);
        release.Release(3);
        var answered = await Task.WhenAll([first, .. queued]);
        Assert.All(answered, row => Assert.Equal(InferenceRefusal.None, row.Refusal));
        Assert.Equal([1, 1, 1], Sizes());
    }

    [Fact]
    public async Task Submit_WhenDeadlinePassedWhileQueued_DropsItBeforeInference()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var settings = new BatchingConfig { MaxBatchSize = 2, MaxQueueDelay = TimeSpan.FromHours(1), Instances = 1 };
        using var batcher = new DynamicBatcher(settings, 1, Record, time);

        var expired = batcher.SubmitAsync([1], 1, time.GetUtcNow().AddSeconds(-1));
        var live = batcher.SubmitAsync([2], 1, time.GetUtcNow().AddMinutes(5));

        Assert.Equal((InferenceRefusal.DeadlineExceeded, 0), ((await expired).Refusal, (await expired).Indices.Length));
        Assert.Equal((InferenceRefusal.None, 2L), ((await live).Refusal, (await live).Indices[0]));
        Assert.Equal([1], Sizes());
    }

    [Fact]
    public async Task Configure_WhenChangedAtRuntime_AppliesToTheNextBatchesAndRunners()
    {
        var time = new FakeTimeProvider();
        var settings = new BatchingConfig { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.FromHours(1), Instances = 1 };
        using var batcher = new DynamicBatcher(settings, 1, Record, time);
        await batcher.SubmitAsync([1], 1, null);

        batcher.Configure(settings with { MaxBatchSize = 3 });
        var next = Enumerable.Range(2, 3).Select(i => batcher.SubmitAsync([i], 1, null)).ToArray();
        await Task.WhenAll(next);

        Assert.Equal([1, 3], Sizes());
        batcher.Configure(settings with { Instances = 4 });
        Assert.Equal(4, batcher.Runners);
        batcher.Configure(settings with { Instances = 0 });
        Assert.Equal(1, batcher.Runners);
    }

    [Fact]
    public async Task Submit_WhenRequestsArriveOneAtATimeOnManyRunners_NoneWaitsForALaterOne()
    {
        // A request that arrives while one runner hands its batch over and the next starts waiting must wake that
        // runner: if it did not, a lone request would sit until a full batch queued up (here: never).
        var settings = new BatchingConfig { MaxBatchSize = 1000, MaxQueueDelay = TimeSpan.Zero, Instances = 4 };
        using var batcher = new DynamicBatcher(settings, 4, Record, TimeProvider.System);

        for (var i = 1; i <= 2000; i++)
        {
            var row = await batcher.SubmitAsync([i], 1, null).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(i, row.Indices[0]);
        }

        Assert.Equal(2000, Sizes().Sum());
    }

    [Fact]
    public async Task Submit_WhenBurstsOfMixedSizesArrive_EveryRequestIsAnsweredOnce()
    {
        var settings = new BatchingConfig { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(1), Instances = 3 };
        using var batcher = new DynamicBatcher(settings, 3, Record, TimeProvider.System);
        var random = new Random(11);
        var next = 0L;

        for (var burst = 0; burst < 200; burst++)
        {
            var tasks = Enumerable.Range(0, 1 + random.Next(20)).Select(_ => (Id: ++next, Task: batcher.SubmitAsync([next], 1, null))).ToArray();
            var rows = await Task.WhenAll(tasks.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(tasks.Select(t => t.Id), rows.Select(r => r.Indices[0]));
        }

        Assert.Equal(next, Sizes().Sum());
        Assert.All(Sizes(), size => Assert.InRange(size, 1, 8));
    }
}

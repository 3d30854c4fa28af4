using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Api.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>The gateway's retry of reads while a silo is dying (<see cref="ClusterRetry"/>).</summary>
public sealed class ClusterRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_WhenSiloUnavailableOnce_AsksAgainAndReturnsTheAnswer()
    {
        var time = new FakeTimeProvider(Start);
        var calls = 0;
        var run = ClusterRetry.RunAsync(() => ++calls == 1 ? Task.FromException<int>(new SiloUnavailableException()) : Task.FromResult(42), Start.AddSeconds(10), time, CancellationToken.None);

        var result = await DriveAsync(run, time);

        Assert.Equal(42, result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RunAsync_WhenAnAttemptGetsNoAnswer_AsksAgainAfterTwoSeconds()
    {
        var time = new FakeTimeProvider(Start);
        var lost = new TaskCompletionSource<int>();
        var calls = 0;
        var run = ClusterRetry.RunAsync(() => ++calls == 1 ? lost.Task : Task.FromResult(7), Start.AddSeconds(10), time, CancellationToken.None);

        var result = await DriveAsync(run, time);

        Assert.Equal(7, result);
        Assert.Equal(2, calls);
        Assert.InRange(time.GetUtcNow(), Start.AddSeconds(2.1), Start.AddSeconds(3));
    }

    [Fact]
    public async Task RunAsync_WhenTheRequestIsAtFault_DoesNotAskAgain()
    {
        var calls = 0;
        var run = ClusterRetry.RunAsync<int>(() => { calls++; throw new InvalidOperationException("bad"); }, Start.AddSeconds(10), new FakeTimeProvider(Start), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task RunAsync_WhenTheDeadlineLeavesNoRoom_ThrowsTheClusterError()
    {
        var time = new FakeTimeProvider(Start);
        var calls = 0;
        var run = ClusterRetry.RunAsync<int>(() => { calls++; return Task.FromException<int>(new SiloUnavailableException()); }, Start.AddMilliseconds(50), time, CancellationToken.None);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => run);
        Assert.Equal(1, calls);
    }

    /// <summary>Moves fake time on in 100 ms steps until the retry loop finishes (at most a minute of fake time).</summary>
    private static async Task<T> DriveAsync<T>(Task<T> run, FakeTimeProvider time)
    {
        for (var step = 0; step < 600 && !run.IsCompleted; step++)
        {
            // Let the loop register its timer before time moves.
            await Task.Delay(1);
            if (!run.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        return await run;
    }
}

using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Grains;

public sealed class TrafficPolicyCacheTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Dictionary<string, TrafficPolicy> _registry = new(StringComparer.Ordinal);
    private int _fetches;

    private TrafficPolicyCache NewCache() => new(model =>
    {
        _fetches++;
        return Task.FromResult(_registry[model]);
    }, _time);

    [Fact]
    public async Task GetAsync_WhenFresh_AsksTheRegistryOnce()
    {
        _registry["m"] = new TrafficPolicy { Active = 1, Revision = 1 };
        var cache = NewCache();

        var first = await cache.GetAsync("m");
        _time.Advance(TrafficPolicyCache.MaxAge - TimeSpan.FromMilliseconds(1));
        var second = await cache.GetAsync("m");

        Assert.Equal(1, first.Active);
        Assert.Same(first, second);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task Apply_WhenPushed_ReplacesThePolicyAtOnce()
    {
        _registry["m"] = new TrafficPolicy { Active = 1, Revision = 1 };
        var cache = NewCache();
        await cache.GetAsync("m");

        cache.Apply("m", new TrafficPolicy { Active = 2, Revision = 2 });

        Assert.Equal(2, (await cache.GetAsync("m")).Active);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task Apply_WhenOlderRevisionArrivesLate_KeepsTheNewer()
    {
        var cache = NewCache();
        cache.Apply("m", new TrafficPolicy { Active = 3, Revision = 5 });

        cache.Apply("m", new TrafficPolicy { Active = 2, Revision = 4 });

        Assert.Equal(3, (await cache.GetAsync("m")).Active);
        Assert.Equal(0, _fetches);
    }

    [Fact]
    public async Task GetAsync_WhenStale_ServesTheCopyAndRefreshesFromTheRegistry()
    {
        _registry["m"] = new TrafficPolicy { Active = 1, Revision = 1 };
        var cache = NewCache();
        await cache.GetAsync("m");

        // A push this silo missed: only the registry knows revision 2.
        _registry["m"] = new TrafficPolicy { Active = 2, Revision = 2 };
        _time.Advance(TrafficPolicyCache.MaxAge);
        var during = await cache.GetAsync("m");
        var after = await cache.GetAsync("m");

        Assert.Equal(1, during.Active);
        Assert.Equal(2, after.Active);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_WhenRefreshFails_KeepsServingAndRetriesLater()
    {
        var fail = false;
        var fetches = 0;
        var cache = new TrafficPolicyCache(_ =>
        {
            fetches++;
            return fail ? Task.FromException<TrafficPolicy>(new TimeoutException("registry unreachable")) : Task.FromResult(new TrafficPolicy { Active = 7, Revision = fetches });
        }, _time);
        await cache.GetAsync("m");

        fail = true;
        _time.Advance(TrafficPolicyCache.MaxAge);
        Assert.Equal(7, (await cache.GetAsync("m")).Active);
        fail = false;
        Assert.Equal(7, (await cache.GetAsync("m")).Active);
        var refreshed = await cache.GetAsync("m");

        Assert.Equal(3, fetches);
        Assert.Equal(3, refreshed.Revision);
    }
}

using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Users are split by a stable hash: proportions within statistical bounds, the same user always on one version.</summary>
public sealed class TrafficPolicyTests
{
    private static readonly string[] Users = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").ToArray();

    [Theory]
    [InlineData(90, 10)]
    [InlineData(50, 50)]
    [InlineData(99, 1)]
    public void Route_SplitsUsersInProportion(int first, int second)
    {
        var policy = new TrafficPolicy { Active = 3, Splits = [new TrafficSplit(3, first), new TrafficSplit(4, second)] };

        var toSecond = Users.Count(u => policy.Route(u) == 4);

        // Binomial(n, p): within 5 standard deviations (a false alarm about once in 3.5 million runs).
        var p = second / 100.0;
        var expected = Users.Length * p;
        var bound = 5 * Math.Sqrt(Users.Length * p * (1 - p));
        Assert.InRange(toSecond, expected - bound, expected + bound);
        Assert.Equal(Users.Length, Users.Count(u => policy.Route(u) is 3 or 4));
    }

    [Fact]
    public void Route_IsStickyAndStable()
    {
        var policy = new TrafficPolicy { Active = 1, Splits = [new TrafficSplit(1, 70), new TrafficSplit(2, 20), new TrafficSplit(5, 10)] };
        var copy = policy with { Splits = [.. policy.Splits] };

        Assert.Equal(Users.Select(policy.Route), Users.Select(copy.Route));

        // FNV-1a 64 of the UTF-8 bytes, mod 100: fixed across processes and releases.
        Assert.Equal(14695981039346656037UL % 100, (ulong)TrafficPolicy.Bucket(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL % 100, (ulong)TrafficPolicy.Bucket("a"));
    }

    [Fact]
    public void Route_WithoutSplit_IsTheActiveVersion_AndVersionsListsEveryServingVersion()
    {
        var policy = new TrafficPolicy { Active = 2, Shadow = 7 };
        var split = new TrafficPolicy { Active = 2, Splits = [new TrafficSplit(3, 60), new TrafficSplit(4, 40)], Shadow = 7 };

        Assert.All(Users.Take(100), u => Assert.Equal(2, policy.Route(u)));
        Assert.Equal([2, 7], policy.Versions);
        Assert.Equal([2, 3, 4, 7], split.Versions);
        Assert.Null(new TrafficPolicy().Route("anyone"));
    }
}

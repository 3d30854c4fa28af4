using Orleans.Rec.Profiles;

namespace Orleans.Rec.Tests.Grains;

public sealed class PopularityCountsTests
{
    [Fact]
    public void Add_WhenOverCapacity_DropsTheLeastCounted_TiesTheLastById()
    {
        var counts = new Dictionary<string, long> { ["a"] = 5, ["b"] = 1 };

        var changed = PopularityCounts.Add(counts, new Dictionary<string, long> { ["c"] = 1, ["d"] = 2 }, capacity: 2);

        Assert.True(changed);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 5, ["d"] = 2 }, counts);
    }

    [Fact]
    public void Add_WhenBatchEmpty_ChangesNothing()
    {
        var counts = new Dictionary<string, long> { ["a"] = 5 };

        Assert.False(PopularityCounts.Add(counts, new Dictionary<string, long>(), capacity: 10));
        Assert.Equal(new Dictionary<string, long> { ["a"] = 5 }, counts);
    }
}

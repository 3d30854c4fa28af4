using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>The recent rate of a cumulative figure, over at least the minimum span once reads have gone on that long.</summary>
public sealed class RecentRateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_WhenFirstRead_IsNull()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(10));

        Assert.Null(rate.Add(Start, 5));
    }

    [Fact]
    public void Add_WhenReadsComeEverySecond_IsTheRateOverTheLastTenSeconds()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(10));
        double? last = null;

        // One unit per second for 20 s, then three per second for 5 s.
        for (var s = 0; s <= 25; s++)
        {
            last = rate.Add(Start.AddSeconds(s), s <= 20 ? s : 20 + (3 * (s - 20)));
        }

        // Over [15 s, 25 s]: 5 units, then 15.
        Assert.Equal(2.0, last);
    }

    [Fact]
    public void Add_WhenTwoReadsComeAMillisecondApart_StillSpansTheMinimum()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(10));
        rate.Add(Start, 0);
        rate.Add(Start.AddSeconds(10), 10);
        rate.Add(Start.AddSeconds(20), 30);

        var value = rate.Add(Start.AddSeconds(20.001), 30.001);

        // From the read at 10 s: 20.001 units over 10.001 s.
        Assert.Equal(20.001 / 10.001, value!.Value, 12);
    }

    [Fact]
    public void Add_WhenTheFigureGoesBack_IsNeverNegative()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(10));
        rate.Add(Start, 10);

        Assert.Equal(0.0, rate.Add(Start.AddSeconds(5), 4));
    }
}

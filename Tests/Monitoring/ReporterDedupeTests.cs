using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>The accuracy monitor's bounded memory of who reported what.</summary>
public sealed class ReporterDedupeTests
{
    [Fact]
    public void Counted_WhenPastCapacity_ForgetsTheLeastRecentReporter()
    {
        var dedupe = new ReporterDedupe(2);

        dedupe.Counted("u1", 3);
        dedupe.Counted("u2", 5);
        dedupe.Counted("u1", 4); // u1 is now the most recent
        dedupe.Counted("u3", 1);

        Assert.Equal(2, dedupe.Count);
        Assert.Equal(4, dedupe.LastCounted("u1"));
        Assert.Equal(-1, dedupe.LastCounted("u2"));
        Assert.Equal(1, dedupe.LastCounted("u3"));
        Assert.Equal(["u1", "u3"], dedupe.ToDictionary().Keys);
    }

    [Fact]
    public void From_WhenStoredHasMoreThanTheCapacity_KeepsTheMostRecentInOrder()
    {
        var stored = new Dictionary<string, long> { ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 4 };

        var dedupe = ReporterDedupe.From(stored, 3);

        Assert.Equal(new Dictionary<string, long> { ["b"] = 2, ["c"] = 3, ["d"] = 4 }, dedupe.ToDictionary());
        Assert.Equal(-1, dedupe.LastCounted("a"));
    }
}

using Orleans.Rec.Inference;
using Orleans.Rec.Profiles;
using Orleans.Rec.Serving;

namespace Orleans.Rec.Tests.Grains;

/// <summary>What a profile publishes for serving without a grain turn, and how its served lists find their way back.</summary>
public sealed class LocalProfilesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static ServedRecommendation Served(string user, int second) =>
        ServedRecommendation.Of(new Recommendation(new RecommendationResult { UserId = user, Model = "m", Version = 1, Items = [new ScoredItem("a", 1f)] }, 20, TimeSpan.FromMinutes(30), T0.AddSeconds(second)));

    [Fact]
    public void ServedLists_AreTakenOldestFirst_AndAClosedInboxRefusesMore()
    {
        var profile = new LocalProfiles().Add("u", ServingView.Of([], new HashSet<string>()));

        Assert.True(profile.TryAddServed(Served("u", 1)));
        Assert.True(profile.TryAddServed(Served("u", 2)));
        var taken = profile.TakeServed();
        Assert.True(profile.TryAddServed(Served("u", 3)));
        var closed = profile.Close();
        var refused = profile.TryAddServed(Served("u", 4));

        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2)], taken!.Select(r => r.ServedAt));
        Assert.Equal([T0.AddSeconds(3)], closed!.Select(r => r.ServedAt));
        Assert.False(refused);
        Assert.Null(profile.TakeServed());
    }

    [Fact]
    public void AClosedProfilesInboxCell_GoesToTheNextActivation_Empty_AndTheClosedProfileNoLongerReachesIt()
    {
        var profiles = new LocalProfiles();
        var old = profiles.Add("u", ServingView.Of([], new HashSet<string>()));
        old.TryAddServed(Served("u", 1));
        Assert.Single(old.Close()!);

        var next = profiles.Add("v", ServingView.Of([], new HashSet<string>()));
        Assert.Null(next.TakeServed());
        Assert.True(next.TryAddServed(Served("v", 2)));

        Assert.False(old.TryAddServed(Served("u", 3)));
        Assert.Null(old.TakeServed());
        Assert.Null(old.Close());
        Assert.False(old.IsDue(T0.AddHours(1), Wait));
        Assert.Equal([T0.AddSeconds(2)], next.TakeServed()!.Select(r => r.ServedAt));
    }

    [Fact]
    public void ServedInboxes_HandOutDistinctCellsAcrossChunks_AndAReturnedCellAgain()
    {
        var inboxes = new ServedInboxes();
        var cells = Enumerable.Range(0, ServedInboxes.ChunkSize + 2).Select(_ => inboxes.Rent()).ToList();
        inboxes.Return(cells[5]);

        Assert.Equal(cells.Count, cells.Distinct().Count());
        Assert.Equal(2, cells.Select(c => c.Chunk).Distinct().Count());
        Assert.Equal(cells[5], inboxes.Rent());
        Assert.Equal(new ServedInbox(cells[^1].Chunk, 2), inboxes.Rent());
    }

    [Fact]
    public void TakeDue_ReturnsInboxesWhoseFirstListWaitedLongEnough_InTheOrderTheyFilled_PassingOverEmptiedOnes()
    {
        var profiles = new LocalProfiles();
        var a = profiles.Add("a", ServingView.Of([], new HashSet<string>()));
        var b = profiles.Add("b", ServingView.Of([], new HashSet<string>()));
        var c = profiles.Add("c", ServingView.Of([], new HashSet<string>()));
        var d = profiles.Add("d", ServingView.Of([], new HashSet<string>()));
        b.TryAddServed(Served("b", 0));
        a.TryAddServed(Served("a", 1));
        a.TryAddServed(Served("a", 5));
        c.TryAddServed(Served("c", 2));
        c.TakeServed();
        d.TryAddServed(Served("d", 20));

        var due = profiles.TakeDue(T0.AddSeconds(2) + Wait, Wait);
        var again = profiles.TakeDue(T0.AddSeconds(19) + Wait, Wait);
        var later = profiles.TakeDue(T0.AddSeconds(20) + Wait, Wait);

        Assert.Equal(["b", "a"], due.Select(p => p.UserId));
        Assert.Empty(again);
        Assert.Equal(["d"], later.Select(p => p.UserId));
    }

    [Fact]
    public void Requeue_LooksAtTheInboxAgainOneWaitLater()
    {
        var profiles = new LocalProfiles();
        var a = profiles.Add("a", ServingView.Of([], new HashSet<string>()));
        a.TryAddServed(Served("a", 0));
        var first = Assert.Single(profiles.TakeDue(T0 + Wait, Wait));

        profiles.Requeue(first, T0 + Wait);

        Assert.Empty(profiles.TakeDue(T0 + Wait + Wait - TimeSpan.FromTicks(1), Wait));
        Assert.Same(a, Assert.Single(profiles.TakeDue(T0 + Wait + Wait, Wait)));
    }

    [Fact]
    public void Remove_WithdrawsOnlyTheDeactivatingActivationsEntry()
    {
        var profiles = new LocalProfiles();
        var old = profiles.Add("u", ServingView.Of([], new HashSet<string>()));
        var current = profiles.Add("u", ServingView.Of(["x"], new HashSet<string>()));

        profiles.Remove("u", old);
        var stillThere = profiles.TryGet("u", out var found);
        profiles.Remove("u", current);

        Assert.True(stillThere);
        Assert.Same(current, found);
        Assert.False(profiles.TryGet("u", out _));
    }

    [Fact]
    public void ServingView_IsACopy_TheProfilesLaterChangesDoNotReachIt()
    {
        List<string> history = ["a", "b"];
        var purchased = new HashSet<string> { "p" };

        var view = ServingView.Of(history, purchased);
        history.Add("c");
        purchased.Add("q");

        Assert.Equal(["a", "b"], view.History);
        Assert.Equal(["p"], view.Purchased.Order());
    }

    [Theory]
    [InlineData(30_000, 1_000)]
    [InlineData(5_000, 500)]
    [InlineData(200, 100)]
    public void TheSweeperLooksAtATenthOfTheWriteBehind_Between100MsAnd1S(int writeBehindMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ServedListSweeper.Interval(TimeSpan.FromMilliseconds(writeBehindMs)));
}

using Orleans.Rec.Tools.Compression;

namespace Orleans.Rec.Tests.Tools.Compression;

public sealed class UserHoldoutTests
{
    [Fact]
    public void Create_HoldsOutTheSeededShareOfUsers_AndNeverDistilsOnThem()
    {
        var sequences = Enumerable.Range(0, 10).Select(u => new[] { u * 10, (u * 10) + 1, (u * 10) + 2 }).ToArray();

        var split = UserHoldout.Create(sequences, 0.3, seed: 5);
        var again = UserHoldout.Create(sequences, 0.3, seed: 5);

        Assert.Equal(7, split.Distillation.Count);
        Assert.Equal(3, split.HeldOut.Count);
        foreach (var test in split.HeldOut)
        {
            var user = test.Target / 10;
            Assert.Equal([user * 10, (user * 10) + 1], test.History);
            Assert.Equal((user * 10) + 2, test.Target);
            Assert.DoesNotContain(split.Distillation, s => s[0] == user * 10);
        }

        Assert.Equal(split.HeldOut.Select(t => t.Target), again.HeldOut.Select(t => t.Target));
        Assert.NotEqual(split.HeldOut.Select(t => t.Target), UserHoldout.Create(sequences, 0.3, seed: 6).HeldOut.Select(t => t.Target));
    }

    [Fact]
    public void Create_WhenAHeldOutUserHasOneItem_GivesNoTestCaseForIt()
    {
        int[][] sequences = [[1], [2], [3, 4]];

        // Two thirds held out: two users. Whichever they are, only [3, 4] can make a case.
        var split = UserHoldout.Create(sequences, 0.67, seed: 1);

        Assert.Single(split.Distillation);
        Assert.True(split.HeldOut.Count <= 1);
        Assert.Equal(split.HeldOut.Count == 1, split.Distillation[0].Length == 1);
    }
}

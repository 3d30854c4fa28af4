using Orleans.Rec.Tools.Evaluation;

namespace Orleans.Rec.Tests.Tools.Evaluation;

public sealed class LeaveLastOutSplitTests
{
    [Fact]
    public void Create_WhenSequencesHaveTwoOrMoreItems_HoldsOutTheLastItem()
    {
        int[][] sequences = [[0, 1, 2], [3], [4, 0]];

        var split = LeaveLastOutSplit.Create(sequences);

        Assert.Equal([[0, 1], [3], [4]], split.Training);
        Assert.Equal(2, split.Tests.Count);
        Assert.Equal([0, 1], split.Tests[0].History);
        Assert.Equal(2, split.Tests[0].Target);
        Assert.Equal([4], split.Tests[1].History);
        Assert.Equal(0, split.Tests[1].Target);
    }
}

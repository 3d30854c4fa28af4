using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Training;

public sealed class SequenceDatasetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_WhenEventsAreOutOfOrder_SortsByTimeKeepingLogOrderOnTiesAndCollapsesConsecutiveRepeats()
    {
        InteractionEvent[] events =
        [
            new("1", "u2", "a", InteractionType.View, T0.AddSeconds(5)),
            new("2", "u1", "b", InteractionType.View, T0.AddSeconds(3)),
            new("3", "u1", "a", InteractionType.View, T0.AddSeconds(1)),
            new("4", "u1", "c", InteractionType.View, T0.AddSeconds(3)),
            new("5", "u1", "c", InteractionType.Cart, T0.AddSeconds(4)),
            new("6", "u1", "a", InteractionType.Purchase, T0.AddSeconds(9)),
        ];

        var data = SequenceDataset.Build(events);

        Assert.Equal(["a", "b", "c"], data.ItemIds);
        Assert.Equal([[0, 1, 2, 0], [0]], data.Sequences);
        Assert.Equal(6, data.Events);
    }
}

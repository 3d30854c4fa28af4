using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Compression;

public sealed class CatalogPrunerTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    // Items a, b, c, d with rows (1,0), (0,1), (0.6,0.8), (1,1): row i + 1 is item i.
    private static readonly TrainedModel Model = new(["a", "b", "c", "d"], [0, 0, 1, 0, 0, 1, 0.6f, 0.8f, 1, 1], 2, "test");

    // a: 3 events (last on day 9), b: 1 (day 1), c: 2 (last on day 8); d never occurs.
    private static SequenceDataset Log() => SequenceDataset.Build(
    [
        Event("u1", "a", 0), Event("u1", "b", 1), Event("u1", "a", 2),
        Event("u2", "c", 3), Event("u2", "a", 9), Event("u3", "c", 8),
    ]);

    [Fact]
    public void Prune_ByEventCount_KeepsFrequentItemsInOrderAndRemapsTheirRows()
    {
        var pruning = CatalogPruner.Prune(Model, Log(), minEvents: 2, recent: null);

        Assert.Equal(["a", "c"], pruning.Model.ItemIds);
        Assert.Equal([0f, 0f, 1f, 0f, 0.6f, 0.8f], pruning.Model.Table);
        Assert.Equal([0, 1, -1, 2, -1], pruning.NewIndexOf);
        Assert.Equal(2, pruning.Dropped);
        Assert.Equal(2, pruning.Model.Dimensions);
    }

    [Fact]
    public void Prune_ByRecency_DropsItemsWithNoEventInTheLastDaysOfTheLog()
    {
        // The log ends on day 9; the last 2 days are days 7 to 9: a (day 9) and c (day 8) stay, b (day 1) goes.
        var pruning = CatalogPruner.Prune(Model, Log(), minEvents: 0, recent: TimeSpan.FromDays(2));

        Assert.Equal(["a", "c"], pruning.Model.ItemIds);
        Assert.Equal([0, 1, -1, 2, -1], pruning.NewIndexOf);
    }

    [Fact]
    public void Prune_WithBothRules_KeepsOnlyItemsThatPassBoth()
    {
        var pruning = CatalogPruner.Prune(Model, Log(), minEvents: 3, recent: TimeSpan.FromDays(2));

        Assert.Equal(["a"], pruning.Model.ItemIds);
        Assert.Equal(3, pruning.Dropped);
    }

    [Fact]
    public void Prune_WhenEveryItemWouldGo_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => CatalogPruner.Prune(Model, Log(), minEvents: 4, recent: null));

        Assert.Equal("catalog pruning would drop all 4 items", error.Message);
    }

    [Fact]
    public void Prune_WhenTheLogHasNoTimestamps_RefusesARecencyRule()
    {
        var data = SequenceDataset.FromSequences(["a", "b"], [[0, 1]]);

        var error = Assert.Throws<InvalidDataException>(() => CatalogPruner.Prune(Model, data, minEvents: 0, recent: TimeSpan.FromDays(1)));

        Assert.Equal("the event log has no timestamps, so items cannot be pruned by recency", error.Message);
    }

    [Fact]
    public void Prune_ExportedModel_RecommendsByTheRemappedIdsAndNeverADroppedItem()
    {
        var pruning = CatalogPruner.Prune(Model, Log(), minEvents: 2, recent: null);
        var onnx = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(pruning.Model.Table, pruning.Model.Rows, pruning.Model.Dimensions));
        using var recommender = new OnnxRecommender(onnx);

        // History [c] (new index 2): user (0.6, 0.8); scores a 0.6, c 1.0. Before pruning d (1.4) and b (0.8) would also rank.
        var (items, scores) = recommender.Recommend([[2L]], 10)[0];

        Assert.Equal(["c", "a"], items.Select(i => pruning.Model.ItemIds[i - 1]));
        Assert.Equal([1.0f, 0.6f], scores, new ToleranceComparer(1e-6f));
    }

    private static InteractionEvent Event(string user, string item, int day) =>
        new($"{user}-{item}-{day}", user, item, InteractionType.View, Day0.AddDays(day));
}

using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class ModelInputTests
{
    private readonly ModelInput _input = new(["a", "b", "c", "d"], historyLength: 10);

    [Fact]
    public void Constructor_WhenGivenAConfig_TakesItsCatalogAndHistoryLength()
    {
        var input = new ModelInput(TinyModel.Config() with { HistoryLength = 7 });

        Assert.Equal(4, input.ItemCount);
        Assert.Equal(7, input.HistoryLength);
        Assert.Equal("c", input.ItemId(3));
    }

    [Fact]
    public void Build_WhenEveryItemKnown_ReturnsModelIndicesOldestFirst()
    {
        Assert.Equal([3L, 1L, 4L, 2L], _input.Build(["c", "a", "d", "b"]));
    }

    [Fact]
    public void Build_WhenItemsUnknown_SkipsThem()
    {
        Assert.Equal([2L, 3L], _input.Build(["zzz", "b", "yyy", "c", "xxx"]));
    }

    [Fact]
    public void Build_WhenAnItemRepeats_KeepsEveryOccurrence()
    {
        Assert.Equal([1L, 1L, 2L], _input.Build(["a", "a", "b"]));
    }

    [Fact]
    public void Build_WhenNothingKnown_ReturnsEmpty()
    {
        Assert.Empty(_input.Build(["zzz", "yyy"]));
        Assert.Empty(_input.Build([]));
    }

    [Fact]
    public void Build_WhenLongerThanTheHistoryLength_KeepsTheMostRecentKnownItems()
    {
        var input = new ModelInput(["a", "b", "c", "d"], historyLength: 2);

        // Unknown items do not take a slot: the two most recent known ones are b and c.
        Assert.Equal([2L, 3L], input.Build(["a", "b", "zzz", "c", "yyy"]));
    }

    [Fact]
    public void Build_WhenTheHistoryIsLongerThanTheStackBuffer_KeepsEveryItemInOrder()
    {
        var catalog = Enumerable.Range(1, 600).Select(i => $"i{i}").ToArray();
        var input = new ModelInput(catalog, historyLength: 1000);

        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), input.Build(catalog));
    }

    [Fact]
    public void Build_WhenHistoryLengthIsZero_ReturnsEmpty()
    {
        Assert.Empty(new ModelInput(["a"], historyLength: 0).Build(["a"]));
    }

    [Fact]
    public void WithHistoryLength_WhenChanged_CapsAtTheNewLengthOverTheSameCatalog()
    {
        var short1 = new ModelInput(["a", "b", "c", "d"], historyLength: 1);

        var longer = short1.WithHistoryLength(3);

        Assert.Equal([2L], short1.Build(["a", "b"]));
        Assert.Equal([1L, 2L], longer.Build(["a", "b"]));
        Assert.Equal(3, longer.HistoryLength);
        Assert.Equal(4, longer.ItemCount);
        Assert.Same(longer, longer.WithHistoryLength(3));
    }


    [Fact]
    public void ItemId_WhenAnItemIndex_ReturnsItsCatalogId()
    {
        Assert.Equal("a", _input.ItemId(1));
        Assert.Equal("d", _input.ItemId(4));
        Assert.True(_input.IsItemIndex(1));
        Assert.True(_input.IsItemIndex(4));
    }

    [Fact]
    public void ItemId_WhenPaddingOrPastTheCatalog_Throws()
    {
        Assert.False(_input.IsItemIndex(0));
        Assert.False(_input.IsItemIndex(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => _input.ItemId(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _input.ItemId(5));
    }

    [Fact]
    public void Contains_WhenTheCatalogHasTheItem_IsTrueAndGivesItsIndex()
    {
        Assert.True(_input.Contains("c"));
        Assert.False(_input.Contains("zzz"));
        Assert.False(_input.Contains("C"));
        Assert.True(_input.TryGetIndex("d", out var index));
        Assert.Equal(4, index);
        Assert.False(_input.TryGetIndex("zzz", out _));
    }

    [Fact]
    public void CountKnown_WhenSomeItemsUnknown_CountsOnlyKnownOnes()
    {
        Assert.Equal(2, _input.CountKnown(["a", "zzz", "d"]));
        Assert.Equal(0, _input.CountKnown(null));
    }
}

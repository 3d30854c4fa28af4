using Orleans.Rec.Inference;

namespace Orleans.Rec.Tests.Grains;

public sealed class ModelOutputDecoderTests
{
    private readonly ModelOutputDecoder _decoder = new(new ModelInput(["a", "b", "c", "d"], historyLength: 10));

    [Fact]
    public void TopOf_WhenScoresDiffer_ReturnsTheBestFirstAndNeverPadding()
    {
        var row = ModelOutputDecoder.TopOf([9f, 1f, 3f, 2f], 2);

        Assert.Equal([2L, 3L], row.Indices);
        Assert.Equal([3f, 2f], row.Scores);
    }

    [Fact]
    public void TopOf_WhenScoresTie_RanksTheLowerIndexFirst()
    {
        float[] scores = [0f, 5f, 7f, 5f, 5f];

        Assert.Equal([2L, 1L, 3L], ModelOutputDecoder.TopOf(scores, 3).Indices);
        Assert.Equal([7f, 5f, 5f], ModelOutputDecoder.TopOf(scores, 3).Scores);
        Assert.Equal([2L, 1L], ModelOutputDecoder.TopOf(scores, 2).Indices);
        Assert.Equal([2L, 1L, 3L, 4L], ModelOutputDecoder.TopOf(scores, 4).Indices);
    }

    [Fact]
    public void TopOf_WhenScoresAreNaN_SkipsThem()
    {
        var row = ModelOutputDecoder.TopOf([0f, float.NaN, 1f, float.NaN, float.NegativeInfinity], 4);

        Assert.Equal([2L, 4L], row.Indices);
        Assert.Equal([1f, float.NegativeInfinity], row.Scores);
    }

    [Fact]
    public void TopOf_WhenWantExceedsTheRow_ReturnsEveryItem()
    {
        var row = ModelOutputDecoder.TopOf([0f, 1f, 2f], 10);

        Assert.Equal([2L, 1L], row.Indices);
        Assert.Equal([2f, 1f], row.Scores);
    }

    [Fact]
    public void TopOf_WhenNothingToRank_ReturnsAnEmptyRow()
    {
        Assert.Empty(ModelOutputDecoder.TopOf([5f], 3).Indices);
        Assert.Empty(ModelOutputDecoder.TopOf([], 3).Indices);
        Assert.Empty(ModelOutputDecoder.TopOf([0f, 1f], 0).Scores);
    }

    [Fact]
    public void Decode_WhenItemsExcluded_SkipsThemAndFillsKFromTheRest()
    {
        var row = new RankedRow([1, 4, 3, 2], [1f, 0.9f, 0.5f, 0f]);

        var items = _decoder.Decode(row, 2, new HashSet<string> { "a", "d" });

        Assert.Equal([new ScoredItem("c", 0.5f), new ScoredItem("b", 0f)], items);
    }

    [Fact]
    public void Decode_WhenPaddingOrIndicesPastTheCatalog_SkipsThem()
    {
        var row = new RankedRow([0, 5, -1, 2, 3], [9f, 8f, 7f, 6f, 5f]);

        Assert.Equal([new ScoredItem("b", 6f), new ScoredItem("c", 5f)], _decoder.Decode(row, 3, null));
    }

    [Fact]
    public void Decode_WhenTheRowHasMoreThanK_ReturnsTheFirstK()
    {
        var row = new RankedRow([3, 1, 2], [3f, 2f, 1f]);

        Assert.Equal([new ScoredItem("c", 3f), new ScoredItem("a", 2f)], _decoder.Decode(row, 2, null));
        Assert.Empty(_decoder.Decode(row, 0, null));
    }

    [Fact]
    public void Want_WhenExcludedItemsAreKnown_AddsThemToK()
    {
        Assert.Equal(3, _decoder.Want(2, new HashSet<string> { "a", "zzz" }));
        Assert.Equal(2, _decoder.Want(2, null));
    }

    [Fact]
    public void Want_WhenMoreThanTheCatalog_IsTheCatalogSize()
    {
        Assert.Equal(4, _decoder.Want(3, new HashSet<string> { "a", "b" }));
        Assert.Equal(4, _decoder.Want(1000, null));
    }
}

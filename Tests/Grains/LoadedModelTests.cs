using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class LoadedModelTests : IDisposable
{
    private readonly LoadedModel _model = new("tiny", 1, TinyModel.Config(), OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

    [Fact]
    public void Predict_WhenHistoryHasUnknownItems_UsesOnlyKnownOnes()
    {
        var result = _model.Predict(["zzz", "a", "yyy"], 2, []);

        Assert.Equal(1, result.KnownHistoryItems);
        Assert.Equal([new ScoredItem("a", 1f), new ScoredItem("d", 0.9f)], result.Items);
    }

    [Fact]
    public void Predict_WhenNothingKnown_ReturnsNoItems()
    {
        var result = _model.Predict(["zzz"], 2, []);

        Assert.Equal(0, result.KnownHistoryItems);
        Assert.Empty(result.Items);
    }

    [Fact]
    public void Predict_WhenKExceedsCatalog_ReturnsEveryItemOnceAndNeverPadding()
    {
        var result = _model.Predict(["b"], 1000, []);

        Assert.Equal(["b", "c", "d", "a"], result.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Predict_WhenItemsExcluded_FillsKFromTheRest()
    {
        var result = _model.Predict(["a"], 2, ["a", "d"]);

        Assert.Equal([new ScoredItem("c", 0.5f), new ScoredItem("b", 0f)], result.Items);
    }

    [Fact]
    public void Predict_WhenHistoryLongerThanModelReads_KeepsTheMostRecent()
    {
        var config = TinyModel.Config() with { HistoryLength = 1 };
        using var model = new LoadedModel("tiny", 1, config, OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

        var result = model.Predict(["a", "a", "b"], 1, []);

        Assert.Equal(1, result.KnownHistoryItems);
        Assert.Equal([new ScoredItem("b", 1f)], result.Items);
    }

    public void Dispose() => _model.Dispose();
}

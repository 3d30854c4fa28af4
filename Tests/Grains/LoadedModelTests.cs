using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class LoadedModelTests : IDisposable
{
    private readonly LoadedModel _model = new("tiny", 1, TinyModel.Config(), OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

    [Fact]
    public async Task Predict_WhenHistoryHasUnknownItems_UsesOnlyKnownOnes()
    {
        var result = await _model.PredictAsync(["zzz", "a", "yyy"], 2, []);

        Assert.Equal(1, result.KnownHistoryItems);
        Assert.Equal([new ScoredItem("a", 1f), new ScoredItem("d", 0.9f)], result.Items);
    }

    [Fact]
    public async Task Predict_WhenNothingKnown_ReturnsNoItems()
    {
        var result = await _model.PredictAsync(["zzz"], 2, []);

        Assert.Equal(0, result.KnownHistoryItems);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task Predict_WhenKExceedsCatalog_ReturnsEveryItemOnceAndNeverPadding()
    {
        var result = await _model.PredictAsync(["b"], 1000, []);

        Assert.Equal(["b", "c", "d", "a"], result.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Predict_WhenItemsExcluded_FillsKFromTheRest()
    {
        var result = await _model.PredictAsync(["a"], 2, ["a", "d"]);

        Assert.Equal([new ScoredItem("c", 0.5f), new ScoredItem("b", 0f)], result.Items);
    }

    [Fact]
    public async Task Predict_WhenHistoryLongerThanModelReads_KeepsTheMostRecent()
    {
        var config = TinyModel.Config() with { HistoryLength = 1 };
        using var model = new LoadedModel("tiny", 1, config, OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

        var result = await model.PredictAsync(["a", "a", "b"], 1, []);

        Assert.Equal(1, result.KnownHistoryItems);
        Assert.Equal([new ScoredItem("b", 1f)], result.Items);
    }

    [Fact]
    public async Task Reconfigure_WhenHistoryLengthChanges_BuildsInputsWithTheNewLength()
    {
        using var model = new LoadedModel("tiny", 1, TinyModel.Config(), OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

        model.Reconfigure(TinyModel.Config() with { HistoryLength = 1 }, 2);
        var result = await model.PredictAsync(["a", "b"], 1, []);

        Assert.Equal(2, model.ConfigRevision);
        Assert.Equal(1, model.Input.HistoryLength);
        Assert.Equal(1, result.KnownHistoryItems);
        Assert.Equal([new ScoredItem("b", 1f)], result.Items);
    }

    [Fact]
    public async Task Rank_WhenHistoryHasPadding_DropsItAndClampsK()
    {
        var all = await _model.RankAsync([0, 0, 1], 1000);
        var one = await _model.RankAsync([1], 0);

        Assert.Equal([1L, 4L, 3L, 2L], all.Items);
        Assert.Equal([1f, 0.9f, 0.5f, 0f], all.Scores);
        Assert.Equal([1L], one.Items);
    }

    [Fact]
    public async Task Predict_WhenTheQueueIsFull_AnswersOverloadedAndCountsItShed()
    {
        var config = TinyModel.Config() with { Batching = new BatchingConfig { MaxQueueLength = 0 } };
        using var model = new LoadedModel("tiny", 1, config, OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

        var predicted = await model.PredictAsync(["a"], 2, []);
        var ranked = await model.RankAsync([1], 2);

        Assert.Equal((InferenceRefusal.Overloaded, 0, 1), (predicted.Refusal, predicted.Items.Length, predicted.KnownHistoryItems));
        Assert.Equal((InferenceRefusal.Overloaded, 0), (ranked.Refusal, ranked.Items.Length));
        Assert.Equal(2, model.Status("test").Shed);
        Assert.Equal(0, model.Status("test").Requests);
    }

    public void Dispose() => _model.Dispose();
}

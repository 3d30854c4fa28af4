using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

/// <summary>
/// The runner against small graphs whose answers show what it fed them (<see cref="PositionGraph"/>: slot t of a
/// 3-slot history weighs 10^t) and against the platform's own top-k graph (<see cref="TinyModel"/>).
/// </summary>
public sealed class OnnxBatchRunnerTests
{
    private const int Items = 4;
    private const int Slots = 3;

    [Theory]
    [InlineData("int64")]
    [InlineData("int32")]
    public async Task Run_WhenTheModelScoresEveryItem_LeftPadsEachHistoryAndRanksItsRow(string idType)
    {
        using var runner = Runner(PositionGraph.Build(Items, Slots, idType), PositionGraph.Signature(Slots, idType));
        List<BatchItem> batch = [Item([2, 3], 2), Item([4], 1), Item([1, 2, 3, 4], 3)];

        runner.Run(batch);

        // [0, 2, 3]: item 3 in the newest slot (100), item 2 before it (10); padding (column 0) never ranks.
        await AssertRow(batch[0], [3, 2], [100f, 10f]);
        await AssertRow(batch[1], [4], [100f]);
        // Longer than the model's 3 slots: the most recent three, [2, 3, 4].
        await AssertRow(batch[2], [4, 3, 2], [100f, 10f, 1f]);
    }

    [Theory]
    [InlineData("int64")]
    [InlineData("int32")]
    public async Task Run_WhenTheModelTakesLengths_PassesEachRowsRealLength(string idType)
    {
        using var runner = Runner(PositionGraph.Build(Items, Slots, idType, withLength: true), PositionGraph.Signature(Slots, idType, withLength: true));
        List<BatchItem> batch = [Item([2, 3], 2), Item([1, 2, 3, 4], 1)];

        runner.Run(batch);

        await AssertRow(batch[0], [3, 2], [200f, 20f]);
        await AssertRow(batch[1], [4], [300f]);
    }

    [Fact]
    public async Task Run_WhenTheModelRanksWithoutAKInput_TakesTheFirstWantOfEachRowAsItIs()
    {
        using var runner = Runner(PositionGraph.Build(Items, Slots, topK: 2), PositionGraph.Signature(Slots, topK: true));
        List<BatchItem> batch = [Item([4], 1), Item([4], 5), Item([2, 3], 5)];

        runner.Run(batch);

        await AssertRow(batch[0], [4], [100f]);
        // The model ranks only 2, padding (two slots: 1 + 10) included: the runner passes the row on as it is.
        await AssertRow(batch[1], [4, 0], [100f, 11f]);
        await AssertRow(batch[2], [3, 2], [100f, 10f]);
    }

    [Theory]
    [InlineData(IoBindingMode.Never, false)]
    [InlineData(IoBindingMode.Always, true)]
    public async Task Run_WhenTheModelTakesK_ReturnsEachRequestsOwnTopK(IoBindingMode ioBinding, bool bound)
    {
        using var runner = Runner(TinyModel.Artifact(), TinyModel.Config().Signature, ioBinding);
        List<BatchItem> batch = [Item([1], 2), Item([2, 3], 1), Item([1], 4)];

        runner.Run(batch);

        Assert.Equal(bound, runner.IoBound);
        await AssertRow(batch[0], [1, 4], [1f, 0.9f]);
        // (b + c) / 2 = (0.25, 0.75): b scores 0.75, c 0.5; the shorter history in the batch is padded and masked.
        await AssertRow(batch[1], [2], [0.75f]);
        await AssertRow(batch[2], [1, 4, 3, 2], [1f, 0.9f, 0.5f, 0f]);
    }

    [Fact]
    public void IoBound_WhenTheModelHasNoTopKOutput_IsOffEvenWhenAskedFor()
    {
        using var scoresOnly = Runner(PositionGraph.Build(Items, Slots), PositionGraph.Signature(Slots), IoBindingMode.Always);
        using var cpuAuto = Runner(TinyModel.Artifact(), TinyModel.Config().Signature, IoBindingMode.Auto);

        Assert.False(scoresOnly.IoBound);
        Assert.False(cpuAuto.IoBound);
    }

    [Fact]
    public void Run_WhenTheRunFails_ThrowsAndCompletesNoRequest()
    {
        using var runner = Runner(PositionGraph.Build(Items, Slots), PositionGraph.Signature(Slots));
        List<BatchItem> batch = [Item([1], 1), Item([Items + 5], 1)];

        Assert.Throws<OnnxRuntimeException>(() => runner.Run(batch));

        Assert.All(batch, item => Assert.False(item.Completion.Task.IsCompleted));
    }

    private static OnnxBatchRunner Runner(byte[] artifact, ModelSignature signature, IoBindingMode ioBinding = IoBindingMode.Never) =>
        new(OnnxSessionFactory.CreateForInspection(artifact), signature, "cpu", ioBinding);

    private static BatchItem Item(long[] history, int want) => new(history, want, null, 0);

    private static async Task AssertRow(BatchItem item, long[] indices, float[] scores)
    {
        var row = await item.Completion.Task;
        Assert.Equal(indices, row.Indices);
        Assert.Equal(scores, row.Scores);
    }
}

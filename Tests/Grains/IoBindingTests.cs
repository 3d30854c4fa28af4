using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Onnx;
using Google.Protobuf;

namespace Orleans.Rec.Tests.Grains;

/// <summary>
/// The I/O-bound run (native buffers bound to the session's inputs and outputs, the GPU path) must answer exactly
/// as the plain run: checked here on the CPU, where the same binding code runs over unpinned native memory.
/// </summary>
public sealed class IoBindingTests : IDisposable
{
    private const int Items = 500;
    private const int Dims = 8;
    private readonly LoadedModel _plain;
    private readonly LoadedModel _bound;

    public IoBindingTests()
    {
        var random = new Random(20261127);
        var table = new float[(Items + 1) * Dims];
        for (var i = Dims; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var artifact = RecommenderOnnxBuilder.Build(table, rows: Items + 1, dims: Dims).ToByteArray();
        var config = TinyModel.Config(Enumerable.Range(1, Items).Select(i => $"i{i}").ToArray()) with { HistoryLength = 20 };
        _plain = new LoadedModel("io", 1, config, OnnxSessionFactory.CreateForInspection(artifact), "cpu", ioBinding: IoBindingMode.Never);
        _bound = new LoadedModel("io", 1, config, OnnxSessionFactory.CreateForInspection(artifact), "cpu", ioBinding: IoBindingMode.Always);
    }

    [Fact]
    public void IoBinding_WhenAutoOnTheCpu_IsOff()
    {
        using var model = new LoadedModel("tiny", 1, TinyModel.Config(), OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");

        Assert.False(model.IoBound);
        Assert.False(_plain.IoBound);
        Assert.True(_bound.IoBound);
    }

    [Fact]
    public async Task Predict_WhenBoundOneAtATime_EqualsThePlainRunExactly()
    {
        foreach (var (history, k) in Requests(40))
        {
            var plain = await _plain.PredictAsync(history, k, []);
            var bound = await _bound.PredictAsync(history, k, []);

            Assert.Equal(plain.KnownHistoryItems, bound.KnownHistoryItems);
            Assert.Equal(plain.Items, bound.Items);
        }
    }

    [Fact]
    public async Task Predict_WhenBoundBatchesOfMixedShapesRun_EachRequestGetsItsOwnAnswer()
    {
        // Histories of 1..20 items and k of 1..50 in concurrent batches: the bound buffers grow and are reused.
        var requests = Requests(200).ToArray();
        var expected = new List<PredictionResult>();
        foreach (var (history, k) in requests)
        {
            expected.Add(await _plain.PredictAsync(history, k, []));
        }

        var actual = await Task.WhenAll(requests.Select(r => _bound.PredictAsync(r.History, r.K, [])));

        Assert.True(_bound.Status("test").MeanBatchSize > 1, "the concurrent requests should have formed batches");
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(expected[i].Items.Select(s => s.ItemId), actual[i].Items.Select(s => s.ItemId));
            Assert.Equal(expected[i].Items.Select(s => s.Score), actual[i].Items.Select(s => s.Score), new ToleranceComparer(1e-5f));
        }
    }

    private static IEnumerable<(string[] History, int K)> Requests(int count)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var history = Enumerable.Range(0, 1 + random.Next(20)).Select(_ => $"i{1 + random.Next(Items)}").ToArray();
            yield return (history, 1 + random.Next(50));
        }
    }

    public void Dispose()
    {
        _plain.Dispose();
        _bound.Dispose();
    }
}

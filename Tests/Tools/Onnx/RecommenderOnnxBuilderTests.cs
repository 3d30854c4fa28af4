using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Tools.Onnx;

public sealed class RecommenderOnnxBuilderTests
{
    // Row 0 is padding; items 1..4 in two dimensions, values exact in binary floating point.
    private static readonly float[] Table =
    [
        0f, 0f,
        1f, 0f,
        0f, 1f,
        0.5f, 1f,
        2f, -1f,
    ];

    [Fact]
    public void Run_WhenHistoriesArePadded_AveragesOnlyRealItemsAndRanksByDotProduct()
    {
        using var session = CreateSession();

        var (items, scores) = Run(session, [[1, 0, 0], [3, 4, 0]], k: 4);

        // Row 0: user (1, 0) → scores 1, 0, 0.5, 2. Row 1: user ((0.5 + 2) / 2, (1 - 1) / 2) = (1.25, 0).
        Assert.Equal([[4L, 1, 3, 2], [4L, 1, 3, 2]], items);
        Assert.Equal([[2f, 1f, 0.5f, 0f], [2.5f, 1.25f, 0.625f, 0f]], scores);
    }

    [Fact]
    public void Run_WhenKIsSmallerThanTheItems_ReturnsTheTopK()
    {
        using var session = CreateSession();

        var (items, scores) = Run(session, [[3, 4]], k: 2);

        Assert.Equal([[4L, 1]], items);
        Assert.Equal([[2.5f, 1.25f]], scores);
    }

    [Fact]
    public void Run_WhenHistoryIsAllPadding_ScoresEveryItemZeroAndNeverReturnsPadding()
    {
        using var session = CreateSession();

        var (items, scores) = Run(session, [[0, 0, 0]], k: 4);

        // Ties go to the lower index; the trainer orders items by popularity, so a cold user gets the most popular.
        Assert.Equal([1L, 2, 3, 4], items[0]);
        Assert.Equal([0f, 0f, 0f, 0f], scores[0]);
    }

    [Fact]
    public void Run_WhenKExceedsTheItems_ReturnsEveryItemButNeverPadding()
    {
        using var session = CreateSession();

        var (items, scores) = Run(session, [[2]], k: 10);

        // User (0, 1) → scores 0, 1, 1, -1: items 2 and 3 tie at the top.
        Assert.Equal(4, items[0].Length);
        Assert.DoesNotContain(0L, items[0]);
        Assert.Equal([1f, 1f, 0f, -1f], scores[0]);
        Assert.Equal([2L, 3, 1, 4], items[0]);
    }

    [Fact]
    public void Signature_Always_DescribesTheGraphsInputsAndOutputs()
    {
        var signature = RecommenderOnnxBuilder.Signature();

        Assert.Equal(
            [("history", "int64", "-1,-1", TensorRole.HistoryItemIds), ("k", "int64", "1", TensorRole.TopK)],
            signature.Inputs.Select(s => (s.Name, s.DataType, string.Join(',', s.Dims), s.Role)));
        Assert.Equal(
            [("scores", "float32", "-1,-1", TensorRole.Scores), ("items", "int64", "-1,-1", TensorRole.ItemIds)],
            signature.Outputs.Select(s => (s.Name, s.DataType, string.Join(',', s.Dims), s.Role)));

        using var session = CreateSession();
        Assert.Equal(["history", "k"], session.InputMetadata.Keys);
        Assert.Equal(["scores", "items"], session.OutputMetadata.Keys);
    }

    [Fact]
    public void Write_WhenGivenAStream_WritesTheSameBytesAsToBytes()
    {
        var model = RecommenderOnnxBuilder.Build(Table, rows: 5, dims: 2);
        using var stream = new MemoryStream();

        RecommenderOnnxBuilder.Write(model, stream);

        Assert.Equal(RecommenderOnnxBuilder.ToBytes(model), stream.ToArray());
    }

    [Fact]
    public void Build_WhenTableSizeDoesNotMatch_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RecommenderOnnxBuilder.Build(Table, rows: 4, dims: 2));

        Assert.StartsWith("The table has 10 values, not rows × dims = 8.", error.Message, StringComparison.Ordinal);
    }

    private static InferenceSession CreateSession() =>
        new(RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(Table, rows: 5, dims: 2)));

    private static (long[][] Items, float[][] Scores) Run(InferenceSession session, long[][] histories, long k)
    {
        var length = histories.Max(h => h.Length);
        var batch = histories.SelectMany(h => h.Concat(new long[length - h.Length])).ToArray();
        using var history = OrtValue.CreateTensorValueFromMemory(batch, [histories.Length, length]);
        using var topK = OrtValue.CreateTensorValueFromMemory(new[] { k }, [1]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["history", "k"], [history, topK], ["scores", "items"]);
        var width = (int)outputs[1].GetTensorTypeAndShape().Shape[1];
        var scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var items = outputs[1].GetTensorDataAsSpan<long>().ToArray();
        return (
            [.. Enumerable.Range(0, histories.Length).Select(r => items[(r * width)..((r + 1) * width)])],
            [.. Enumerable.Range(0, histories.Length).Select(r => scores[(r * width)..((r + 1) * width)])]);
    }
}

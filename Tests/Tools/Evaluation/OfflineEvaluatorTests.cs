using Orleans.Rec.Tools.Evaluation;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Evaluation;

public sealed class OfflineEvaluatorTests
{
    [Fact]
    public void Evaluate_WhenGivenAHandBuiltModel_RanksEveryMethodByTheSharedRules()
    {
        // Tests: [a, b] → c, [b, c] → a, [c] → d. Training: [a, b], [b, c], [c], [a]; d is never trained on.
        var data = SequenceDataset.FromSequences(["a", "b", "c", "d"], [[0, 1, 2], [1, 2, 0], [2, 3], [0]]);
        var split = LeaveLastOutSplit.Create(data.Sequences);

        // One-hot embeddings: a history item scores 1 / |history|, anything else 0; model order c, a, b, d.
        float[] table =
        [
            0, 0, 0, 0,
            1, 0, 0, 0,
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1,
        ];
        var onnx = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(table, rows: 5, dims: 4));
        var config = ModelArtifacts.Create(new TrainedModel(["c", "a", "b", "d"], table, 4, "one-hot"), historyLength: 50, training: null).Config;

        var result = new OfflineEvaluator(historyLength: 50, window: 50).Evaluate(data, split, onnx, config);

        // Model ranks 3, 3, 4 (d is known to the model). Popularity (a, b, c tie at 2): 3, 1, miss.
        // Item-KNN, S(a,b) = S(b,c) = 1/2, self 1: [a,b] → a 1.5, b 1.5, c 0.5 → 3; [b,c] → a 0.5 → 3; d unknown → miss.
        // Without self-similarity every candidate ties at 0.5 in both cases: 3 and 1.
        Assert.Equal(new MetricSummary("model (ONNX)", 3, 1, (0.5 + 0.5 + (1 / Math.Log2(5))) / 3, (1.0 / 3 + 1.0 / 3 + 0.25) / 3), result.Model);
        Assert.Equal(new MetricSummary("popularity", 3, 2.0 / 3, 0.5, 4.0 / 9), result.Popularity);
        Assert.Equal(new MetricSummary("item-KNN", 3, 2.0 / 3, 1.0 / 3, 2.0 / 9), result.ItemKnn);
        Assert.Equal(new MetricSummary("item-KNN without self-similarity", 3, 2.0 / 3, 0.5, 4.0 / 9), result.ItemKnnWithoutSelf);
        Assert.Equal(3, result.TrainingItems);
    }
}

using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Evaluation;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Evaluation;

public sealed class DigineticaAccuracyTests
{
    [SharedDataFact]
    public void TrainAndEvaluate_WhenRunOnTheDigineticaSample_BeatsPopularityAndNearlyMatchesItemKnn()
    {
        var reader = EventLog.Open(SharedData.PathOf("diginetica_sample/sample_train-item-views.csv"));
        var data = SequenceDataset.Build(reader.Read());

        // The parameters of the command that generated docs/accuracy.md.
        var result = EvaluationPipeline.TrainAndEvaluate(data, new TrainingOptions { Dimensions = 256, Seed = 42 });

        Assert.Equal(0, reader.SkippedRows);
        Assert.True(
            result.Model.HitRate10 > result.Popularity.HitRate10,
            $"model HR@10 {result.Model.HitRate10:F4} is not above popularity {result.Popularity.HitRate10:F4}");
        Assert.True(
            result.Model.HitRate10 >= 0.9 * result.ItemKnn.HitRate10,
            $"model HR@10 {result.Model.HitRate10:F4} is below 0.9 × item-KNN {result.ItemKnn.HitRate10:F4}");
        Assert.True(
            result.Model.Ndcg10 >= 0.9 * result.ItemKnn.Ndcg10,
            $"model NDCG@10 {result.Model.Ndcg10:F4} is below 0.9 × item-KNN {result.ItemKnn.Ndcg10:F4}");
    }
}

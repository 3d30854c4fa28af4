using Orleans.Rec.Tools.Evaluation;

namespace Orleans.Rec.Tests.Tools.Evaluation;

public sealed class RankingMetricsTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(7, 1.0 / 3)]
    [InlineData(10, 0.28906482631788788)]
    [InlineData(11, 0.0)]
    public void Ndcg_WhenTargetHasRank_IsOneOverLog2OfRankPlusOne(int rank, double expected)
    {
        Assert.Equal(expected, RankingMetrics.Ndcg(rank, 10), 15);
    }

    [Fact]
    public void Metrics_WhenTargetIsMissing_AreZero()
    {
        Assert.Equal(0, RankingMetrics.HitRate(null, 10));
        Assert.Equal(0, RankingMetrics.Ndcg(null, 10));
        Assert.Equal(0, RankingMetrics.ReciprocalRank(null, 20));
    }

    [Fact]
    public void HitRateAndReciprocalRank_WhenRankIsAtOrPastTheCutoff_CountOnlyInside()
    {
        Assert.Equal(1, RankingMetrics.HitRate(10, 10));
        Assert.Equal(0, RankingMetrics.HitRate(11, 10));
        Assert.Equal(0.25, RankingMetrics.ReciprocalRank(4, 20));
        Assert.Equal(0.05, RankingMetrics.ReciprocalRank(20, 20));
        Assert.Equal(0, RankingMetrics.ReciprocalRank(21, 20));
    }

    [Fact]
    public void FromRanks_WhenRanksAreMixed_AveragesEachMetric()
    {
        var summary = MetricSummary.FromRanks("m", [1, 3, null, 7, 15]);

        Assert.Equal(5, summary.Cases);
        Assert.Equal(3.0 / 5, summary.HitRate10, 15);
        Assert.Equal((1 + 0.5 + 1.0 / 3) / 5, summary.Ndcg10, 15);
        Assert.Equal((1 + 1.0 / 3 + 1.0 / 7 + 1.0 / 15) / 5, summary.Mrr20, 15);
    }

    [Fact]
    public void RankOf_WhenScoresTie_RanksTheLowerIndexFirst()
    {
        float[] scores = [float.NegativeInfinity, 0.5f, 0.9f, 0.5f, 0.1f];

        Assert.Equal(1, RankingMetrics.RankOf(scores, 2));
        Assert.Equal(2, RankingMetrics.RankOf(scores, 1));
        Assert.Equal(3, RankingMetrics.RankOf(scores, 3));
        Assert.Equal(4, RankingMetrics.RankOf(scores, 4));
    }
}

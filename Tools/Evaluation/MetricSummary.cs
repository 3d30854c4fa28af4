namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Averages of HR@10, NDCG@10 and MRR@20 for one method over the test cases.</summary>
public sealed record MetricSummary(string Method, int Cases, double HitRate10, double Ndcg10, double Mrr20)
{
    /// <summary>Averages the metrics of <paramref name="ranks"/> (null = a miss).</summary>
    public static MetricSummary FromRanks(string method, IReadOnlyCollection<int?> ranks)
    {
        var count = Math.Max(ranks.Count, 1);
        return new MetricSummary(
            method,
            ranks.Count,
            ranks.Sum(r => RankingMetrics.HitRate(r, 10)) / count,
            ranks.Sum(r => RankingMetrics.Ndcg(r, 10)) / count,
            ranks.Sum(r => RankingMetrics.ReciprocalRank(r, 20)) / count);
    }

    /// <summary>The metrics as stored in <c>TrainingInfo.Metrics</c>.</summary>
    public Dictionary<string, double> ToDictionary() => new()
    {
        ["HR@10"] = HitRate10,
        ["NDCG@10"] = Ndcg10,
        ["MRR@20"] = Mrr20,
    };
}

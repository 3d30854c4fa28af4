namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Single-target ranking metrics; a rank is 1-based and null means the target was not ranked (a miss).</summary>
public static class RankingMetrics
{
    /// <summary>1 when the target is in the top <paramref name="k"/>, else 0.</summary>
    public static double HitRate(int? rank, int k) => rank is { } r && r <= k ? 1 : 0;

    /// <summary>With one relevant item the ideal DCG is 1, so NDCG@k is 1 / log2(rank + 1) inside the top k.</summary>
    public static double Ndcg(int? rank, int k) => rank is { } r && r <= k ? 1 / Math.Log2(r + 1) : 0;

    /// <summary>1 / rank inside the top <paramref name="k"/>, else 0.</summary>
    public static double ReciprocalRank(int? rank, int k) => rank is { } r && r <= k ? 1.0 / r : 0;

    /// <summary>
    /// The 1-based rank of <paramref name="target"/> in <paramref name="scores"/> (higher is better) when ties go to the
    /// lower index: 1 + #{j : s[j] > s[t]} + #{j &lt; t : s[j] = s[t]}. Indices in <paramref name="excluded"/> never rank.
    /// </summary>
    public static int RankOf(ReadOnlySpan<float> scores, int target, int excluded = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        var score = scores[target];
        var rank = 1;
        for (var j = 0; j < scores.Length; j++)
        {
            if (j == excluded || j == target)
            {
                continue;
            }

            if (scores[j] > score || (scores[j] == score && j < target))
            {
                rank++;
            }
        }

        return rank;
    }
}

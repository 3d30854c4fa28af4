namespace Orleans.Rec.Monitoring;

/// <summary>Running sums behind <see cref="AccuracyFigures"/>; persisted with the monitor.</summary>
public sealed class AccuracyTally
{
    public long Impressions { get; set; }

    public long WithInteractions { get; set; }

    public long HitImpressions { get; set; }

    public double PrecisionSum { get; set; }

    public double RecallSum { get; set; }

    /// <summary>Counts one impression with <paramref name="hits"/> of its <paramref name="k"/> items among the <paramref name="interacted"/> items of its window.</summary>
    public void Add(int k, int hits, int interacted)
    {
        Impressions++;
        PrecisionSum += (double)hits / k;
        if (interacted > 0)
        {
            WithInteractions++;
            RecallSum += (double)hits / interacted;
        }

        if (hits > 0)
        {
            HitImpressions++;
        }
    }

    public AccuracyFigures ToFigures()
    {
        var precision = Impressions == 0 ? 0 : PrecisionSum / Impressions;
        var recall = WithInteractions == 0 ? 0 : RecallSum / WithInteractions;
        return new AccuracyFigures
        {
            Impressions = Impressions,
            WithInteractions = WithInteractions,
            HitImpressions = HitImpressions,
            PrecisionAtK = precision,
            RecallAtK = recall,
            F1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            HitRate = Impressions == 0 ? 0 : (double)HitImpressions / Impressions,
        };
    }
}

using System.Globalization;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>A cause before its timing is known: what a detector found, how strongly, when, and what to do.</summary>
internal sealed record CauseCandidate(string Kind, double Strength, DateTimeOffset At, string Explanation, string Action, IReadOnlyList<CauseEvidence> Evidence)
{
    /// <summary>The ranked cause: score = strength × <paramref name="timing"/>, each to 3 decimals, evidence capped.</summary>
    public ProbableCause Rank(double timing) => new()
    {
        Kind = Kind,
        Strength = Math.Round(Strength, 3),
        Timing = Math.Round(timing, 3),
        Score = Math.Round(Strength * timing, 3),
        At = At,
        Explanation = Explanation,
        Action = Action,
        Evidence = [.. Evidence.Take(CauseRanker.MaxEvidence)],
    };

    /// <summary>A ratio as a percent, e.g. 0.375 → "37.5%".</summary>
    public static string Percent(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.#}%");

    /// <summary>A symptom as evidence.</summary>
    public static CauseEvidence FromSymptom(Symptom symptom) => new() { At = symptom.At, What = symptom.Explanation, Before = symptom.Before, After = symptom.After };
}

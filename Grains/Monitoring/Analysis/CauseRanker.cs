using System.Globalization;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Ranks the probable causes of a window's symptoms. Each detector (<see cref="ChangeCauses"/>, <see cref="ServingCauses"/>,
/// <see cref="SiloCauses"/>) turns data the platform keeps (audit log, config revisions, devices, history samples,
/// silo figures) into candidate causes with a strength (how much the evidence
/// says: recorded changes say more than resource levels) and a time; the score is strength × timing, where timing is
/// 1 for a cause within three sampling intervals of a symptom (for an alert: of its onset), falls the longer before it
/// happened, and is 0.1 after every symptom; a cause takes its best timing over the symptoms. A pure function: the same input always gives the same ranking.
/// </summary>
public static class CauseRanker
{
    /// <summary>Causes kept, and evidence kept per cause.</summary>
    public const int MaxCauses = 10;

    public const int MaxEvidence = 6;

    /// <summary>The analysis of <paramref name="input"/>: its symptoms and ranked causes.</summary>
    public static ModelAnalysis Analyze(AnalysisInput input)
    {
        var symptoms = SymptomFinder.Find(input.History).ToList();
        var accuracy = ChangeCauses.AccuracyRegression(input);
        if (accuracy is { Symptom: { } lower })
        {
            symptoms.Add(lower);
        }

        var onset = Onset(input, symptoms);
        if (input.Focus is { } focus)
        {
            symptoms.Add(new Symptom
            {
                Metric = focus.Metric,
                Version = focus.Version == 0 ? null : focus.Version,
                At = onset!.Value,
                After = focus.Value,
                Explanation = string.Create(CultureInfo.InvariantCulture, $"the alert on {focus.Metric} fired at {focus.FiredAt:u} with {focus.Value:0.####} (its window: {focus.WindowSeconds} s)"),
            });
        }

        var candidates = new List<CauseCandidate>();
        candidates.AddRange(ChangeCauses.VersionChanges(input, symptoms));
        candidates.AddRange(ChangeCauses.ConfigChanges(input, symptoms));
        if (accuracy is { Cause: { } regression })
        {
            candidates.Add(regression);
        }

        candidates.AddRange(SiloCauses.MembershipChanges(input));
        candidates.AddRange(ServingCauses.CpuFallbacks(input));
        candidates.AddRange(ServingCauses.BatchingCollapses(input));
        candidates.AddRange(ServingCauses.QueuePressure(input, symptoms));
        candidates.AddRange(SiloCauses.SiloFigures(input));
        candidates.AddRange(ServingCauses.InputDrift(input));

        // An alert's onset is the one symptom to explain; otherwise a cause is timed against the symptom it fits best
        // (an early, unrelated blip must not make a later real cause look as if it came after the trouble).
        DateTimeOffset[] symptomTimes = input.Focus is not null ? [onset!.Value] : symptoms.Count > 0 ? [.. symptoms.Select(s => s.At)] : [input.To];
        var causes = candidates
            .Select(c => c.Rank(symptomTimes.Max(at => Timing(c.At, at, input.IntervalSeconds))))
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.Strength)
            .ThenByDescending(c => c.At)
            .ThenBy(c => c.Kind, StringComparer.Ordinal)
            .Take(MaxCauses)
            .ToArray();
        return new ModelAnalysis
        {
            Model = input.Model,
            From = input.From,
            To = input.To,
            SymptomAt = onset,
            Symptoms = [.. symptoms.OrderBy(s => s.At).ThenBy(s => s.Metric, StringComparer.Ordinal)],
            Causes = causes,
        };
    }

    /// <summary>1 within three sampling intervals either side of the onset; before that 1 / (1 + excess / scale); 0.1 after it.</summary>
    public static double Timing(DateTimeOffset cause, DateTimeOffset onset, double intervalSeconds)
    {
        var slack = 3 * intervalSeconds;
        var lead = (onset - cause).TotalSeconds;
        if (lead < -slack)
        {
            return 0.1;
        }

        if (lead <= slack)
        {
            return 1;
        }

        var scale = Math.Max(10 * intervalSeconds, 60);
        return 1 / (1 + ((lead - slack) / scale));
    }

    /// <summary>The alert's onset (half its window before it fired, not before the window), else the earliest symptom.</summary>
    private static DateTimeOffset? Onset(AnalysisInput input, List<Symptom> symptoms)
    {
        if (input.Focus is { } focus)
        {
            var matching = symptoms.Where(s => (focus.Version == 0 || s.Version == focus.Version) && s.At <= focus.FiredAt && s.At >= focus.FiredAt.AddSeconds(-2 * focus.WindowSeconds)).Select(s => (DateTimeOffset?)s.At).Min();
            var halfWindow = focus.FiredAt.AddSeconds(-focus.WindowSeconds / 2.0);
            return matching ?? (halfWindow < input.From ? input.From : halfWindow);
        }

        return symptoms.Count == 0 ? null : symptoms.Min(s => s.At);
    }
}

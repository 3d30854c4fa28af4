using System.Globalization;
using Orleans.Rec.Models;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Causes from what operators changed: version activations, rollbacks and traffic changes (audit log), serving-config
/// revisions, and the active version recommending worse than the one before it (online accuracy).
/// </summary>
internal static class ChangeCauses
{
    internal static IEnumerable<CauseCandidate> VersionChanges(AnalysisInput input, List<Symptom> symptoms)
    {
        for (var i = 0; i < input.Audit.Count; i++)
        {
            var entry = input.Audit[i];
            if (entry.At < input.From || entry.At > input.To || entry.Action is not ("activate" or "rollback" or "traffic"))
            {
                continue;
            }

            var previous = ActiveBefore(input.Audit, i);
            var after = symptoms.Where(s => s.At >= entry.At.AddSeconds(-3 * input.IntervalSeconds) && (entry.Version is null || s.Version == entry.Version)).ToArray();
            var evidence = new List<CauseEvidence> { new() { At = entry.At, What = $"{entry.Action} {(entry.Version is int v ? $"v{v}" : "")} by {entry.Actor}: {entry.Detail}".Replace("  ", " ", StringComparison.Ordinal) } };
            evidence.AddRange(after.Select(CauseCandidate.FromSymptom));
            yield return entry.Action switch
            {
                // A first activation has nothing to roll back to: a weak suspect.
                "activate" => new CauseCandidate(
                    "version-change",
                    previous is null ? 0.3 : after.Any(s => !IsServing(s)) ? 0.9 : after.Length > 0 ? 0.8 : 0.7,
                    entry.At,
                    $"v{entry.Version} was activated{(previous is int p ? $" in place of v{p}" : "")}",
                    previous is int back ? $"roll back to v{back}: POST /v1/models/{input.Model}/rollback" : "none: it is the first version to serve, there is nothing to roll back to",
                    evidence),
                "rollback" => new CauseCandidate(
                    "version-change",
                    after.Length > 0 ? 0.7 : 0.5,
                    entry.At,
                    $"a rollback made v{entry.Version} active",
                    previous is int undo ? $"if the rollback was the mistake, activate v{undo} again: POST /v1/models/{input.Model}/versions/{undo}/activate" : "activate the version that served before it",
                    evidence),
                _ => new CauseCandidate(
                    "version-change",
                    after.Length > 0 ? 0.8 : 0.6,
                    entry.At,
                    $"the traffic policy changed ({entry.Detail})",
                    $"end the split and the shadow: PUT /v1/models/{input.Model}/traffic with {{}}",
                    evidence),
            };
        }
    }

    /// <summary>The version active just before audit entry <paramref name="index"/>: the last activation or rollback before it.</summary>
    private static int? ActiveBefore(IReadOnlyList<AuditEntry> audit, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (audit[i].Action is "activate" or "rollback" && audit[i].Version is int version)
            {
                return version;
            }
        }

        return null;
    }

    internal static IEnumerable<CauseCandidate> ConfigChanges(AnalysisInput input, List<Symptom> symptoms)
    {
        foreach (var change in input.ConfigRevisions.Where(r => r.At >= input.From && r.At <= input.To))
        {
            var previous = input.ConfigRevisions.Where(r => r.Version == change.Version && r.Revision < change.Revision).Select(r => (int?)r.Revision).Max();
            if (previous is not int revert)
            {
                continue;
            }

            var after = symptoms.Where(s => s.At >= change.At.AddSeconds(-3 * input.IntervalSeconds) && s.Version == change.Version).ToArray();
            // The serving config (batching, device, history length) moves serving figures first of all.
            yield return new CauseCandidate(
                "config-change",
                after.Any(IsServing) ? 0.9 : after.Length > 0 ? 0.75 : 0.6,
                change.At,
                $"the serving config of v{change.Version} changed to revision {change.Revision} (by {change.By})",
                $"revert config to revision {revert}: POST /v1/models/{input.Model}/versions/{change.Version}/config/revert?revision={revert}",
                [new() { At = change.At, What = $"config revision {change.Revision} of v{change.Version} replaced revision {revert}" }, .. after.Select(CauseCandidate.FromSymptom)]);
        }
    }

    /// <summary>The active version's online hit-rate (else precision) below the version active before it, both over the window.</summary>
    internal static (Symptom? Symptom, CauseCandidate? Cause)? AccuracyRegression(AnalysisInput input)
    {
        if (input.ActiveVersion is not int active)
        {
            return null;
        }

        var index = LastIndexOf(input.Audit, e => e.Action is "activate" or "rollback" && e.Version == active);
        if (index < 0 || ActiveBefore(input.Audit, index) is not int previous)
        {
            return null;
        }

        var activation = input.Audit[index];

        var now = Accuracy(input.History, active);
        var before = Accuracy(input.History, previous);
        if (now is not { } a || before is not { } b || b.Value <= 0 || a.Value >= b.Value * 0.9)
        {
            return null;
        }

        var drop = 1 - (a.Value / b.Value);
        var at = activation.At < input.From ? a.At : activation.At;
        var symptom = new Symptom
        {
            Metric = a.Metric,
            Version = active,
            At = at,
            Before = b.Value,
            After = a.Value,
            Explanation = string.Create(CultureInfo.InvariantCulture, $"online {a.Metric} of v{active} is {a.Value:0.###}, v{previous} had {b.Value:0.###}"),
        };
        var cause = new CauseCandidate(
            "accuracy-regression",
            Math.Min(1, 0.6 + drop),
            at,
            string.Create(CultureInfo.InvariantCulture, $"v{active} recommends worse than v{previous}: online {a.Metric} {a.Value:0.###} against {b.Value:0.###} ({CauseCandidate.Percent(drop)} lower)"),
            $"roll back to v{previous}: POST /v1/models/{input.Model}/rollback",
            [new() { At = at, What = $"v{active} active in place of v{previous}" }, new() { At = a.At, What = $"{a.Metric} of v{active} against v{previous}", Before = b.Value, After = a.Value }]);
        return (symptom, cause);
    }

    private static int LastIndexOf(IReadOnlyList<AuditEntry> audit, Func<AuditEntry, bool> match)
    {
        for (var i = audit.Count - 1; i >= 0; i--)
        {
            if (match(audit[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The newest sampled hit-rate (else precision@k) of a version within the window.</summary>
    private static (string Metric, double Value, DateTimeOffset At)? Accuracy(ModelHistory history, int version)
    {
        var samples = history.Versions.FirstOrDefault(v => v.Version == version)?.Samples ?? [];
        var hit = samples.LastOrDefault(s => s.HitRate is not null);
        if (hit is not null)
        {
            return ("hitRate", hit.HitRate!.Value, hit.At);
        }

        var precision = samples.LastOrDefault(s => s.PrecisionAtK is not null);
        return precision is null ? null : ("precisionAtK", precision.PrecisionAtK!.Value, precision.At);
    }

    /// <summary>A symptom in how requests are served (latency, errors, shedding, throughput), not in what is recommended.</summary>
    private static bool IsServing(Symptom symptom) => symptom.Metric is "p99LatencyMs" or "errorRatio" or "shedRatio" or "throughput";
}

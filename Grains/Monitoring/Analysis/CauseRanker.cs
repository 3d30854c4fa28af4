using System.Globalization;
using Orleans.Rec.Models;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Ranks the probable causes of a window's symptoms. Each detector turns data the platform keeps (audit log, config
/// revisions, devices, history samples, silo figures) into candidate causes with a strength (how much the evidence
/// says: recorded changes say more than resource levels) and a time; the score is strength × timing, where timing is
/// 1 for a cause within three sampling intervals of the symptom's onset, falls the longer before it happened, and is
/// 0.1 after it. A pure function: the same input always gives the same ranking.
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
        var accuracy = AccuracyRegression(input);
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

        var candidates = new List<Candidate>();
        candidates.AddRange(VersionChanges(input, symptoms));
        candidates.AddRange(ConfigChanges(input, symptoms));
        if (accuracy is { Cause: { } regression })
        {
            candidates.Add(regression);
        }

        candidates.AddRange(MembershipChanges(input));
        candidates.AddRange(CpuFallbacks(input));
        candidates.AddRange(BatchingCollapses(input));
        candidates.AddRange(QueuePressure(input, symptoms));
        candidates.AddRange(SiloFigures(input));
        candidates.AddRange(InputDrift(input));

        var at = onset ?? input.To;
        var causes = candidates
            .Select(c => c.Rank(Timing(c.At, at, input.IntervalSeconds)))
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

    private static IEnumerable<Candidate> VersionChanges(AnalysisInput input, List<Symptom> symptoms)
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
            evidence.AddRange(after.Select(Evidence));
            yield return entry.Action switch
            {
                // A first activation has nothing to roll back to: a weak suspect.
                "activate" => new Candidate(
                    "version-change",
                    previous is null ? 0.3 : after.Length > 0 ? 0.9 : 0.7,
                    entry.At,
                    $"v{entry.Version} was activated{(previous is int p ? $" in place of v{p}" : "")}",
                    previous is int back ? $"roll back to v{back}: POST /v1/models/{input.Model}/rollback" : "none: it is the first version to serve, there is nothing to roll back to",
                    evidence),
                "rollback" => new Candidate(
                    "version-change",
                    after.Length > 0 ? 0.7 : 0.5,
                    entry.At,
                    $"a rollback made v{entry.Version} active",
                    previous is int undo ? $"if the rollback was the mistake, activate v{undo} again: POST /v1/models/{input.Model}/versions/{undo}/activate" : "activate the version that served before it",
                    evidence),
                _ => new Candidate(
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

    private static IEnumerable<Candidate> ConfigChanges(AnalysisInput input, List<Symptom> symptoms)
    {
        foreach (var change in input.ConfigRevisions.Where(r => r.At >= input.From && r.At <= input.To))
        {
            var previous = input.ConfigRevisions.Where(r => r.Version == change.Version && r.Revision < change.Revision).Select(r => (int?)r.Revision).Max();
            if (previous is not int revert)
            {
                continue;
            }

            var after = symptoms.Where(s => s.At >= change.At.AddSeconds(-3 * input.IntervalSeconds) && s.Version == change.Version).ToArray();
            yield return new Candidate(
                "config-change",
                after.Length > 0 ? 0.85 : 0.6,
                change.At,
                $"the serving config of v{change.Version} changed to revision {change.Revision} (by {change.By})",
                $"revert config to revision {revert}: POST /v1/models/{input.Model}/versions/{change.Version}/config/revert?revision={revert}",
                [new() { At = change.At, What = $"config revision {change.Revision} of v{change.Version} replaced revision {revert}" }, .. after.Select(Evidence)]);
        }
    }

    /// <summary>The active version's online hit-rate (else precision) below the version active before it, both over the window.</summary>
    private static (Symptom? Symptom, Candidate? Cause)? AccuracyRegression(AnalysisInput input)
    {
        if (input.ActiveVersion is not int active)
        {
            return null;
        }

        var activation = input.Audit.LastOrDefault(e => e.Action is "activate" or "rollback" && e.Version == active);
        var index = activation is null ? -1 : IndexOf(input.Audit, activation);
        if (index < 0 || ActiveBefore(input.Audit, index) is not int previous)
        {
            return null;
        }

        var now = Accuracy(input.History, active);
        var before = Accuracy(input.History, previous);
        if (now is not { } a || before is not { } b || b.Value <= 0 || a.Value >= b.Value * 0.9)
        {
            return null;
        }

        var drop = 1 - (a.Value / b.Value);
        var at = activation!.At < input.From ? a.At : activation.At;
        var symptom = new Symptom
        {
            Metric = a.Metric,
            Version = active,
            At = at,
            Before = b.Value,
            After = a.Value,
            Explanation = string.Create(CultureInfo.InvariantCulture, $"online {a.Metric} of v{active} is {a.Value:0.###}, v{previous} had {b.Value:0.###}"),
        };
        var cause = new Candidate(
            "accuracy-regression",
            Math.Min(1, 0.6 + drop),
            at,
            string.Create(CultureInfo.InvariantCulture, $"v{active} recommends worse than v{previous}: online {a.Metric} {a.Value:0.###} against {b.Value:0.###} ({Percent(drop)} lower)"),
            $"roll back to v{previous}: POST /v1/models/{input.Model}/rollback",
            [new() { At = at, What = $"v{active} active in place of v{previous}" }, new() { At = a.At, What = $"{a.Metric} of v{active} against v{previous}", Before = b.Value, After = a.Value }]);
        return (symptom, cause);
    }

    private static int IndexOf(IReadOnlyList<AuditEntry> audit, AuditEntry entry)
    {
        for (var i = 0; i < audit.Count; i++)
        {
            if (ReferenceEquals(audit[i], entry))
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

    private static IEnumerable<Candidate> MembershipChanges(AnalysisInput input)
    {
        var points = input.History.Versions.SelectMany(v => v.Samples).GroupBy(s => s.At).OrderBy(g => g.Key).Select(g => (At: g.Key, Active: g.Max(s => s.SilosActive))).ToArray();
        for (var i = 1; i < points.Length; i++)
        {
            var (at, active) = points[i];
            var before = points[i - 1].Active;
            if (active == before)
            {
                continue;
            }

            var silosBefore = input.History.Silos.Where(r => r.At <= points[i - 1].At).Select(r => r.Silo).ToHashSet(StringComparer.Ordinal);
            var silosAfter = input.History.Silos.Where(r => r.At >= at).Select(r => r.Silo).ToHashSet(StringComparer.Ordinal);
            var left = silosBefore.Except(silosAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var joined = silosAfter.Except(silosBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var evidence = new List<CauseEvidence> { new() { At = at, What = "active silos", Before = before, After = active } };
            evidence.AddRange(left.Select(s => new CauseEvidence { At = at, What = "silo left", Silo = s }));
            evidence.AddRange(joined.Select(s => new CauseEvidence { At = at, What = "silo joined", Silo = s }));
            yield return active < before
                ? new Candidate(
                    "membership-change",
                    0.85,
                    at,
                    $"{before - active} silo(s) left the cluster ({before} → {active} active): their users' profiles and Kafka partitions moved to the others, which warm up and take their load",
                    "find why it left (its log; GET /v1/silos lists the active ones) and restore capacity: restart it or scale out",
                    evidence)
                : new Candidate(
                    "membership-change",
                    0.5,
                    at,
                    $"{active - before} silo(s) joined ({before} → {active} active): grains and Kafka partitions rebalance to them while they warm up",
                    "wait for the new silo's /health/ready; if latency stays high, check its versions are loaded (GET /v1/models/{model}/versions/{v}/status)",
                    evidence);
        }
    }

    private static IEnumerable<Candidate> CpuFallbacks(AnalysisInput input) =>
        input.Devices
            .Where(d => d.Requested == "cuda" && d.Actual != "cuda")
            .GroupBy(d => d.Version)
            .Select(g => new Candidate(
                "cpu-fallback",
                0.9,
                g.Min(d => d.LoadedAt),
                $"v{g.Key} asks for CUDA but runs on the CPU on {g.Count()} silo(s): inference there is slower and batches wait longer",
                $"check the GPU and the CUDA libraries on {string.Join(", ", g.Select(d => d.Silo).Order(StringComparer.Ordinal))} (GET /v1/models/{input.Model}/versions/{g.Key}/status shows each silo's device), or set the device to cpu and size the silos for CPU inference",
                [.. g.Select(d => new CauseEvidence { At = d.LoadedAt, What = $"v{d.Version} loaded on {d.Actual} (config: {d.Requested})", Silo = d.Silo })]));

    private static IEnumerable<Candidate> BatchingCollapses(AnalysisInput input)
    {
        foreach (var version in input.History.Versions)
        {
            var points = version.Samples.Where(s => s.Batches > 0).Select(s => (s.At, Value: s.MeanBatchSize)).ToArray();
            if (SymptomFinder.Split(points, higherIsWorse: false) is { } split && split.Before >= 2 && split.After <= split.Before * 0.5)
            {
                yield return new Candidate(
                    "batching-collapse",
                    Math.Min(0.8, 1 - (split.After / split.Before)),
                    split.At,
                    string.Create(CultureInfo.InvariantCulture, $"batches of v{version.Version} shrank from {split.Before:0.#} to {split.After:0.#} requests: each request pays a whole model run"),
                    $"check batching in the serving config (maxBatchSize, maxQueueDelay: GET /v1/models/{input.Model}/versions/{version.Version}/config/history) and whether the traffic fell",
                    [new() { At = split.At, What = $"mean batch size of v{version.Version}", Before = split.Before, After = split.After }]);
            }
        }
    }

    private static IEnumerable<Candidate> QueuePressure(AnalysisInput input, List<Symptom> symptoms) =>
        symptoms
            .Where(s => s.Metric is "shedRatio" or "errorRatio" && s.Before is not null && s.After is not null)
            .GroupBy(s => s.Version)
            .Select(g =>
            {
                var worst = g.MaxBy(s => s.After!.Value - s.Before!.Value)!;
                return new Candidate(
                    "queue-pressure",
                    Math.Min(0.8, 0.4 + (4 * (worst.After!.Value - worst.Before!.Value))),
                    g.Min(s => s.At),
                    $"the batcher of v{worst.Version} cannot keep up: requests are refused (queue full) or miss their deadline while queued",
                    "add silos or runners, raise the serving config's maxQueueSize or the deadline (Rec:Inference:RequestTimeout), or lower maxQueueDelay",
                    [.. g.Select(Evidence)]);
            });

    private static IEnumerable<Candidate> SiloFigures(AnalysisInput input)
    {
        foreach (var silo in input.History.Silos.GroupBy(r => r.Silo, StringComparer.Ordinal))
        {
            var reads = silo.OrderBy(r => r.At).ToArray();
            var name = silo.Key;

            var deadLetters = reads[^1].DeadLetters - reads[0].DeadLetters;
            if (deadLetters > 0)
            {
                var first = reads.Skip(1).First(r => r.DeadLetters > reads[0].DeadLetters);
                yield return new Candidate(
                    "dead-letters",
                    Math.Min(0.95, 0.75 + (deadLetters / 200.0)),
                    first.At,
                    $"{deadLetters} event(s) went to the dead-letter topic on {name}: producers send events that cannot be read (bad JSON, missing fields, a key that is not the user)",
                    $"read them with their reason header (rec tail --topic {input.DeadLetterTopic} --from-beginning) and fix the producer; the events after them were applied",
                    [new() { At = first.At, What = "dead letters sent by the silo", Before = reads[0].DeadLetters, After = reads[^1].DeadLetters, Silo = name }]);
            }

            var lags = reads.Where(r => r.KafkaLag is not null).ToArray();
            if (lags.Length >= 3)
            {
                var third = Math.Max(1, lags.Length / 3);
                var early = lags.Take(third).Average(r => (double)r.KafkaLag!.Value);
                var late = lags.TakeLast(third).Average(r => (double)r.KafkaLag!.Value);
                if (late >= (2 * early) + 100)
                {
                    var rising = lags.First(r => r.KafkaLag!.Value > (2 * early) + 50);
                    yield return new Candidate(
                        "kafka-lag",
                        0.7,
                        rising.At,
                        string.Create(CultureInfo.InvariantCulture, $"the Kafka consumer on {name} falls behind: lag grew from {early:0} to {late:0} messages, so profiles lag the events"),
                        "add silos (partitions rebalance to them) or find what slows the consuming silo (CPU, storage latency)",
                        [new() { At = rising.At, What = "Kafka consumer lag (messages)", Before = early, After = late, Silo = name }]);
                }
            }

            if (reads.FirstOrDefault(r => r.CpuUtilization >= 0.9) is { } busy)
            {
                var wasIdle = reads.Any(r => r.At < busy.At && r.CpuUtilization < 0.7);
                yield return new Candidate(
                    "cpu-saturation",
                    wasIdle ? 0.65 : 0.5,
                    busy.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} is CPU-bound ({Percent(busy.CpuUtilization!.Value)} of {busy.ProcessorCount} processors)"),
                    "scale out (more silos) or up (more cores), and check what else runs on that machine",
                    [new() { At = busy.At, What = "CPU utilisation", After = busy.CpuUtilization, Silo = name }]);
            }

            if (reads.FirstOrDefault(r => r.AvailableMemoryBytes > 0 && (double)r.WorkingSetBytes / r.AvailableMemoryBytes >= 0.9) is { } full)
            {
                yield return new Candidate(
                    "memory-pressure",
                    0.65,
                    full.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} uses {Percent((double)full.WorkingSetBytes / full.AvailableMemoryBytes)} of its memory: the GC runs often and the process may be killed"),
                    "raise the container's memory or scale out; check the profile and popularity caps (Rec:Profiles, Rec:Popularity)",
                    [new() { At = full.At, What = "working set / available memory", After = (double)full.WorkingSetBytes / full.AvailableMemoryBytes, Silo = name }]);
            }
            else if (reads.FirstOrDefault(r => r.GcPauseRatio >= 0.1) is { } paused)
            {
                yield return new Candidate(
                    "memory-pressure",
                    0.6,
                    paused.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} spends {Percent(paused.GcPauseRatio!.Value)} of its time paused by garbage collection"),
                    "raise the container's memory or scale out; requests stall during the pauses",
                    [new() { At = paused.At, What = "GC pause ratio", After = paused.GcPauseRatio, Silo = name }]);
            }

            if (reads.FirstOrDefault(r => r.ThreadPoolQueueLength >= 100) is { } queued)
            {
                yield return new Candidate(
                    "thread-pool-starvation",
                    0.6,
                    queued.At,
                    $"{queued.ThreadPoolQueueLength} work items wait for a thread on {name}: something blocks thread-pool threads",
                    "find the blocking call (sync I/O, locks: take a dump with dotnet-dump) or raise the minimum threads",
                    [new() { At = queued.At, What = "thread-pool queue length", After = queued.ThreadPoolQueueLength, Silo = name }]);
            }
        }
    }

    private static IEnumerable<Candidate> InputDrift(AnalysisInput input)
    {
        foreach (var version in input.History.Versions)
        {
            var points = version.Samples.Where(s => s.Requests + s.ColdRequests > 0).Select(s => (s.At, Value: s.ColdShare)).ToArray();
            if (points.Length >= 3 && SymptomFinder.Split(points, higherIsWorse: true) is { } split && split.After - split.Before >= 0.15)
            {
                yield return new Candidate(
                    "input-drift",
                    Math.Min(0.8, 0.4 + (split.After - split.Before)),
                    split.At,
                    string.Create(CultureInfo.InvariantCulture, $"requests whose history v{version.Version} does not know rose from {Percent(split.Before)} to {Percent(split.After)}: new users or items it was not trained on get the popularity fallback"),
                    "retrain on recent events (rec train) and upload the new version; until then the fallback serves them",
                    [new() { At = split.At, What = $"share of v{version.Version}'s requests with no known history", Before = split.Before, After = split.After }]);
            }
        }
    }

    private static string Percent(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.#}%");

    private static CauseEvidence Evidence(Symptom symptom) => new() { At = symptom.At, What = symptom.Explanation, Before = symptom.Before, After = symptom.After };

    /// <summary>A cause before its timing is known.</summary>
    private sealed record Candidate(string Kind, double Strength, DateTimeOffset At, string Explanation, string Action, IReadOnlyList<CauseEvidence> Evidence)
    {
        public ProbableCause Rank(double timing) => new()
        {
            Kind = Kind,
            Strength = Math.Round(Strength, 3),
            Timing = Math.Round(timing, 3),
            Score = Math.Round(Strength * timing, 3),
            At = At,
            Explanation = Explanation,
            Action = Action,
            Evidence = [.. Evidence.Take(MaxEvidence)],
        };
    }
}
